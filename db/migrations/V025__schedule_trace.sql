-- The trace a schedule or timer was created in: the span of each firing links to it, so a
-- timer that fires a year later still leads back to the request that set it.
ALTER TABLE sf_schedule ADD COLUMN traceparent VARCHAR(64);
