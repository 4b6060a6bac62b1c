-- Issue 16: a transcript line may name its speaker; chapters (found from the transcript, or
-- written by staff, who then own them) and soundbites (short clips staff mark for sharing).
ALTER TABLE sf_transcript_segment ADD COLUMN speaker VARCHAR(80);

CREATE TABLE sf_chapters (
    sermon_id  VARCHAR(40)  PRIMARY KEY REFERENCES sf_sermon (sermon_id) ON DELETE CASCADE,
    source     VARCHAR(10)  NOT NULL CHECK (source IN ('generated', 'edited')),
    chapters   JSONB        NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    updated_by VARCHAR(100) NOT NULL
);

CREATE TABLE sf_soundbite (
    soundbite_id VARCHAR(40)      PRIMARY KEY,
    sermon_id    VARCHAR(40)      NOT NULL REFERENCES sf_sermon (sermon_id) ON DELETE CASCADE,
    start_s      DOUBLE PRECISION NOT NULL,
    duration_s   DOUBLE PRECISION NOT NULL,
    title        VARCHAR(128)     NOT NULL,
    created_by   VARCHAR(100)     NOT NULL,
    created_at   TIMESTAMPTZ      NOT NULL
);
CREATE INDEX sf_soundbite_sermon ON sf_soundbite (sermon_id, start_s);
