-- the tools each node runs work with (its ffmpeg, for one), as its operator sees them
ALTER TABLE sf_node ADD COLUMN software TEXT NOT NULL DEFAULT '';
