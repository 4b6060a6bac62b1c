-- Who submitted an event through the API (the user or API token's holder), kept with the event
-- itself: event submissions are machine traffic (an integrator may send a hundred a second), so
-- they are no longer written to sf_audit, where they would bury the staff actions it is for and
-- cost every event a transaction of its own. NULL for events that came another way (straight to
-- the queue, a timer, a task, the console's own actions, which stay in the audit log).
ALTER TABLE sf_event ADD COLUMN submitted_by VARCHAR(200);
