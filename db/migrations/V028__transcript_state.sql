-- Listenable first (issue 22): a sermon's audio goes public as soon as its renditions exist,
-- while its transcript, chapters, scripture and search entries are still being made. This is
-- where the transcript stands: PROCESSING (audio public, transcript on its way), READY, or
-- FAILED (audio public, transcription failed; the error says why). Sermons processed before
-- this change were published with their transcript: READY.
ALTER TABLE sf_sermon ADD COLUMN transcript_state VARCHAR(16) NOT NULL DEFAULT 'READY';
ALTER TABLE sf_sermon ADD COLUMN transcript_error TEXT;
ALTER TABLE sf_sermon ALTER COLUMN transcript_state SET DEFAULT 'PROCESSING';
