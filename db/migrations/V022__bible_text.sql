-- The World English Bible's verses (public domain), loaded once from Debian's sword-text-web
-- through diatheke, so a sermon's passages can show their text.
CREATE TABLE sf_bible_verse (
    book    VARCHAR(8) NOT NULL,
    chapter INTEGER    NOT NULL,
    verse   INTEGER    NOT NULL,
    text    TEXT       NOT NULL,
    PRIMARY KEY (book, chapter, verse)
);
