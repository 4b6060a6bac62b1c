-- Transcript edits (issue 16): the transcript carries its version, which an edit must name (a stale
-- edit changes nothing), and every edit is kept: who, when, and each segment before and after.
ALTER TABLE sf_transcript ADD COLUMN version INT NOT NULL DEFAULT 1;

CREATE TABLE sf_transcript_edit (
    sermon_id VARCHAR(40)  NOT NULL REFERENCES sf_sermon (sermon_id) ON DELETE CASCADE,
    version   INT          NOT NULL,
    edited_by VARCHAR(100) NOT NULL,
    edited_at TIMESTAMPTZ  NOT NULL,
    changes   JSONB        NOT NULL,
    PRIMARY KEY (sermon_id, version)
);
