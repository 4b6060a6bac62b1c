-- Scheduled publishing (issue 18). A processed sermon waits as SCHEDULED until its
-- publish_at, and staff may take a published one down (UNPUBLISHED) and put it back.
-- ready_at is when processing finished, whatever became of the sermon then: re-embedding
-- covers every processed sermon, so one that is republished is still searchable.
ALTER TABLE sf_sermon DROP CONSTRAINT sf_sermon_status_check;
ALTER TABLE sf_sermon ADD CONSTRAINT sf_sermon_status_check
    CHECK (status IN ('PROCESSING', 'SCHEDULED', 'PUBLISHED', 'UNPUBLISHED', 'FAILED'));
ALTER TABLE sf_sermon ADD COLUMN publish_at TIMESTAMPTZ;
ALTER TABLE sf_sermon ADD COLUMN ready_at TIMESTAMPTZ;
UPDATE sf_sermon SET ready_at = published_at WHERE status = 'PUBLISHED';

-- Every node caches sermons for listener requests (which are public, what was rendered from
-- them); any change of a sermon tells them all at once (delivered when the change commits):
-- its status (published, taken down, failed), its renditions, or anything that moves
-- updated_at (a transcript approved or edited), and its deletion.
CREATE FUNCTION sf_sermon_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('sf_sermon_changed', OLD.sermon_id);
    ELSE
        PERFORM pg_notify('sf_sermon_changed', NEW.sermon_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER sf_sermon_changed AFTER UPDATE OR DELETE ON sf_sermon
    FOR EACH ROW EXECUTE FUNCTION sf_sermon_changed();
