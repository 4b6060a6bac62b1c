-- Series and preachers as entities (issue 18): listeners browse by them, a series has its own
-- feed and artwork. Slugs are made once and never change with a rename, so page and feed URLs
-- stay put. sf_sermon keeps the names as well (what the API has always returned), written
-- with every change of the entity. Existing free-text names become entities at start-up
-- (Catalog), where slugs are made the same way as for new ones.
CREATE TABLE sf_series (
    series_id    VARCHAR(40)  PRIMARY KEY,
    slug         VARCHAR(90)  NOT NULL UNIQUE,
    name         VARCHAR(200) NOT NULL,
    description  TEXT,
    artwork_key  VARCHAR(200),
    artwork_type VARCHAR(40),
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX sf_series_name_idx ON sf_series (lower(name));

CREATE TABLE sf_preacher (
    preacher_id VARCHAR(40)  PRIMARY KEY,
    slug        VARCHAR(90)  NOT NULL UNIQUE,
    name        VARCHAR(200) NOT NULL,
    description TEXT,
    created_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX sf_preacher_name_idx ON sf_preacher (lower(name));

ALTER TABLE sf_sermon ADD COLUMN series_id VARCHAR(40) REFERENCES sf_series (series_id) ON DELETE SET NULL;
ALTER TABLE sf_sermon ADD COLUMN preacher_id VARCHAR(40) REFERENCES sf_preacher (preacher_id);
CREATE INDEX sf_sermon_series_idx ON sf_sermon (series_id, preached_on) WHERE status = 'PUBLISHED';
CREATE INDEX sf_sermon_preacher_idx ON sf_sermon (preacher_id, preached_on DESC) WHERE status = 'PUBLISHED';
