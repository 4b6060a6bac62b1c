package io.sermonflow.listen;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Captions and the feed as last rendered, with the version of what they show (a sermon's
 * last change, the published set's): a request renders again only when that version
 * moved. Entries also go after a few minutes, since a feed carries signed links that
 * expire, and the cache holds at most {@value #MAX_BYTES} bytes.
 */
@Component
class RenderCache {

	static final long MAX_BYTES = 32L * 1024 * 1024;

	private final Cache<String, Rendered> entries = Caffeine.newBuilder()
		.maximumWeight(MAX_BYTES)
		.weigher((String key, Rendered rendered) -> rendered.bytes().length)
		.expireAfterWrite(Duration.ofMinutes(5))
		.build();

	private final ListenMetrics metrics;

	RenderCache(ListenMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * The bytes rendered for {@code key} at {@code version}, rendering them (and counting
	 * {@code sermonflow_listen_renders_total} by {@code kind}) when missing or older.
	 */
	byte[] get(String kind, String key, Object version, Supplier<byte[]> render) {
		Rendered cached = this.entries.getIfPresent(key);
		if (cached != null && cached.version().equals(version)) {
			return cached.bytes();
		}
		byte[] bytes = render.get();
		this.metrics.rendered(kind);
		this.entries.put(key, new Rendered(version, bytes));
		return bytes;
	}

	private record Rendered(Object version, byte[] bytes) {
	}

}
