-- Listeners browse and podcast apps list published sermons, newest sermon first.
CREATE INDEX sf_sermon_published_idx ON sf_sermon (preached_on DESC, published_at DESC, sermon_id)
    WHERE status = 'PUBLISHED';
