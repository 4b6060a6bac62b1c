package io.sermonflow.listen;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sermonflow.media.Renditions;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Published sermons by id, as listener requests need them: a player fetches a segment
 * every few seconds, and each would otherwise cost a database query. Entries live a few
 * seconds, so a deleted or failed sermon stops streaming almost at once (its files are
 * gone at once anyway). Ids that are not published are remembered too, so a scan of
 * made-up ids does not reach the database either.
 */
@Component
class PublishedSermons {

	private final JdbcSermonStore sermons;

	private final JsonMapper json;

	private final Cache<String, Optional<Published>> cache = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(10_000)
		.build();

	PublishedSermons(JdbcSermonStore sermons, JsonMapper json) {
		this.sermons = sermons;
		this.json = json;
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
