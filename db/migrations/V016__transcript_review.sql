-- The transcript review gate (issue 16): with SERMONFLOW_TRANSCRIPT_REVIEW=required a transcript is
-- public (page, captions, downloads, feed, search) only once staff approved it. Transcripts made
-- before the gate existed count as approved.
ALTER TABLE sf_transcript ADD COLUMN approved_at TIMESTAMPTZ;
ALTER TABLE sf_transcript ADD COLUMN approved_by VARCHAR(100);
UPDATE sf_transcript SET approved_at = created_at, approved_by = 'before review';
