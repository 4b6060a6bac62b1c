-- Words staff add to the offline engine's sermon vocabulary (preachers' and churches' names,
-- series titles), with the pronunciation the decoder is given.
CREATE TABLE sf_vocabulary_word (
    word          TEXT PRIMARY KEY,
    pronunciation TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('DICTIONARY', 'SPELLED')),
    added_by      TEXT NOT NULL,
    added_at      TIMESTAMPTZ NOT NULL
);
