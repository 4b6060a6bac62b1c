-- Scripture references (issue 17): passages a sermon cites (found in its transcript) or that
-- staff add, each at its moment in the audio. A found reference staff removed stays as
-- 'removed', so finding references again does not bring it back.
CREATE TABLE sf_scripture_ref (
    ref_id     VARCHAR(40)      PRIMARY KEY,
    sermon_id  VARCHAR(40)      NOT NULL REFERENCES sf_sermon (sermon_id) ON DELETE CASCADE,
    osis       VARCHAR(60)      NOT NULL,
    display    VARCHAR(80)      NOT NULL,
    start_s    DOUBLE PRECISION NOT NULL,
    kind       VARCHAR(10)      NOT NULL CHECK (kind IN ('cited', 'quoted')),
    status     VARCHAR(10)      NOT NULL CHECK (status IN ('found', 'confirmed', 'removed')),
    changed_by VARCHAR(100),
    created_at TIMESTAMPTZ      NOT NULL
);
CREATE INDEX sf_scripture_ref_sermon ON sf_scripture_ref (sermon_id, start_s);
CREATE INDEX sf_scripture_ref_osis ON sf_scripture_ref (osis text_pattern_ops);

-- why a sermon has no references found (for example its language), when it has none
ALTER TABLE sf_sermon ADD COLUMN scripture_note VARCHAR(200);
