package io.sermonflow.listen;

import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sermonflow.media.Renditions;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.signal.DatabaseChannel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Published sermons by id, as listener requests need them: a player fetches a segment
 * every few seconds, and each would otherwise cost a database query. Ids that are not
 * published are remembered too, so a scan of made-up ids does not reach the database
 * either. A sermon taken down, published, deleted or failed leaves every node's cache at
 * once: the database announces each change of a sermon's status on {@value #CHANNEL} (a
 * trigger, V019). Entries also expire, for a node whose channel was down.
 */
@Component
class PublishedSermons implements SmartLifecycle {

	/** Where the database announces a sermon that changed (its id). */
	static final String CHANNEL = "sf_sermon_changed";

	private final JdbcSermonStore sermons;

	private final JsonMapper json;

	private final Cache<String, Optional<Published>> cache = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(60))
		.maximumSize(10_000)
		.build();

	private final DatabaseChannel changes;

	PublishedSermons(JdbcSermonStore sermons, JsonMapper json, DataSource dataSource) {
		this.sermons = sermons;
		this.json = json;
		// on (re)connecting, changes may have been missed: forget everything
		this.changes = new DatabaseChannel(dataSource, CHANNEL, this.cache::invalidateAll,
				(id) -> this.cache.invalidate(id));
	}

	@Override
	public void start() {
		this.changes.start();
	}

	@Override
	public void stop() {
		this.changes.stop();
	}

	@Override
	public boolean isRunning() {
		return this.changes.isRunning();
	}

	Optional<Published> find(String id) {
		if (id.length() > 40) {
			return Optional.empty();
		}
		return this.cache.get(id, this::load);
	}

	private Optional<Published> load(String id) {
		return this.sermons.find(id)
			.filter((s) -> s.status() == Sermon.Status.PUBLISHED && s.renditionsJson() != null)
			.map((s) -> new Published(s, this.json.readValue(s.renditionsJson(), Renditions.class)));
	}

	/** A published sermon and its renditions' media keys. */
	record Published(Sermon sermon, Renditions renditions) {
	}

}
