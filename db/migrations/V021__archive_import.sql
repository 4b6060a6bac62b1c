-- Archive import (issue 18): a church's existing podcast feed becomes sermons, a few first
-- (the canary, for a person to look at), then the rest at a measured pace.
ALTER TABLE sf_sermon ADD COLUMN description TEXT;
-- a transcript the source already has (podcast:transcript), used instead of transcribing
ALTER TABLE sf_sermon ADD COLUMN given_transcript_url VARCHAR(2000);
ALTER TABLE sf_sermon ADD COLUMN given_transcript_type VARCHAR(100);

CREATE TABLE sf_import (
    import_id        VARCHAR(40)   PRIMARY KEY,
    feed_url         VARCHAR(2000) NOT NULL,
    feed_title       VARCHAR(300),
    state            VARCHAR(30)   NOT NULL,
    canary_size      INT           NOT NULL,
    series_from_feed BOOLEAN       NOT NULL,
    church_id        VARCHAR(100),
    error            TEXT,
    created_by       VARCHAR(100),
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL,
    continued_by     VARCHAR(100),
    continued_at     TIMESTAMPTZ
);
CREATE INDEX sf_import_active_idx ON sf_import (state) WHERE state IN ('CANARY', 'RUNNING');

CREATE TABLE sf_import_item (
    import_id        VARCHAR(40)   NOT NULL REFERENCES sf_import (import_id) ON DELETE CASCADE,
    n                INT           NOT NULL,
    guid             VARCHAR(1000) NOT NULL,
    title            VARCHAR(300),
    published_on     DATE,
    description      TEXT,
    enclosure_url    VARCHAR(2000),
    preacher         VARCHAR(200),
    transcript_url   VARCHAR(2000),
    transcript_type  VARCHAR(100),
    duration_seconds DOUBLE PRECISION,
    canary           BOOLEAN       NOT NULL,
    state            VARCHAR(20)   NOT NULL,
    sermon_id        VARCHAR(40),
    reason           TEXT,
    released_at      TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    PRIMARY KEY (import_id, n)
);
-- one item owns a guid: importing the same feed again, even while the first import runs,
-- skips what is already there (an item that failed before its sermon existed does not own it)
CREATE UNIQUE INDEX sf_import_item_guid_idx ON sf_import_item (guid)
    WHERE state IN ('PENDING', 'RUNNING', 'DONE') OR sermon_id IS NOT NULL;
CREATE INDEX sf_import_item_sermon_idx ON sf_import_item (sermon_id) WHERE sermon_id IS NOT NULL;
