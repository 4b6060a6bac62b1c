-- Sermons (issue 6): what churches upload, what the pipeline makes of it, and its transcript
-- and chunks. Media lives in the media store under media_folder; rows hold keys, never paths.
CREATE TABLE sf_sermon (
    sermon_id        VARCHAR(40)  PRIMARY KEY,
    title            VARCHAR(300) NOT NULL,
    preacher         VARCHAR(200) NOT NULL,
    preached_on      DATE         NOT NULL,
    series           VARCHAR(200),
    language         VARCHAR(20)  NOT NULL,
    church_id        VARCHAR(100),
    status           VARCHAR(20)  NOT NULL CHECK (status IN ('PROCESSING', 'PUBLISHED', 'FAILED')),
    error            TEXT,
    media_folder     VARCHAR(40)  NOT NULL,
    original_key     VARCHAR(200),
    original_name    VARCHAR(300),
    source_url       TEXT,
    duration_seconds DOUBLE PRECISION,
    metadata         JSONB,
    renditions       JSONB,
    event_id         VARCHAR(200),
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    published_at     TIMESTAMPTZ
);
CREATE INDEX sf_sermon_status_idx ON sf_sermon (status, created_at DESC);
CREATE INDEX sf_sermon_created_idx ON sf_sermon (created_at DESC, sermon_id);

CREATE TABLE sf_transcript (
    sermon_id  VARCHAR(40) PRIMARY KEY REFERENCES sf_sermon (sermon_id) ON DELETE CASCADE,
    engine     VARCHAR(40) NOT NULL,
    language   VARCHAR(20) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sf_transcript_segment (
    sermon_id VARCHAR(40)      NOT NULL REFERENCES sf_sermon (sermon_id) ON DELETE CASCADE,
    seq       INT              NOT NULL,
    start_s   DOUBLE PRECISION NOT NULL,
    end_s     DOUBLE PRECISION NOT NULL,
    text      TEXT             NOT NULL,
    words     JSONB            NOT NULL,
    PRIMARY KEY (sermon_id, seq)
);

-- time windows of the transcript with their embedding; ids are deterministic, so a restarted
-- embedding or indexing writes each chunk once
CREATE TABLE sf_chunk (
    sermon_id VARCHAR(40)      NOT NULL REFERENCES sf_sermon (sermon_id) ON DELETE CASCADE,
    seq       INT              NOT NULL,
    start_s   DOUBLE PRECISION NOT NULL,
    end_s     DOUBLE PRECISION NOT NULL,
    text      TEXT             NOT NULL,
    model     VARCHAR(100),
    embedding REAL[],
    PRIMARY KEY (sermon_id, seq)
);
