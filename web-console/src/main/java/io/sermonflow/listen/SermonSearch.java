package io.sermonflow.listen;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.search.ChunkSearch;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonFilter;

import org.springframework.stereotype.Component;

/**
 * What listeners search: the words and the meaning of what was said, over published
 * sermons only, each hit a moment to play. Query vectors are cached, since listeners
 * repeat one another's queries and embedding one costs more than the search itself.
 */
@Component
public class SermonSearch {

	public static final int MAX_QUERY_LENGTH = 200;

	public static final int MAX_K = 50;

	private final ChunkSearch chunks;

	private final Embedder embedder;

	private final JdbcSermonStore sermons;

	private final ListenerLinks links;

	private final ListenMetrics metrics;

	private final Cache<String, float[]> vectors = Caffeine.newBuilder()
		.maximumSize(2_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	SermonSearch(ChunkSearch chunks, Embedder embedder, JdbcSermonStore sermons, ListenerLinks links,
			ListenMetrics metrics) {
		this.chunks = chunks;
		this.embedder = embedder;
		this.sermons = sermons;
		this.links = links;
		this.metrics = metrics;
	}

	/**
	 * The best {@code k} moments for {@code q}.
	 * @throws IllegalArgumentException naming the parameter when {@code q} is empty or
	 * too long or {@code k} is out of bounds
	 */
	public List<Hit> search(String q, int k) {
		return search(q, k, null);
	}

	/**
	 * The best {@code k} moments for {@code q} in the sermons {@code within} (all, when
	 * null).
	 */
	public List<Hit> search(String q, int k, java.util.Set<String> within) {
		return search(q, k, within, SermonFilter.NONE);
	}

	/**
	 * The best {@code k} moments for {@code q} in the sermons {@code within} (all, when
	 * null) that match {@code filter}. Narrowed searches ask the index for more, since
	 * the filter applies to what it returns.
	 */
	public List<Hit> search(String q, int k, java.util.Set<String> within, SermonFilter filter) {
		String query = (q != null) ? q.strip() : "";
		if (query.isEmpty()) {
			throw new IllegalArgumentException("Parameter \"q\" is required: the words to search for.");
		}
		if (query.length() > MAX_QUERY_LENGTH) {
			throw new IllegalArgumentException(
					"Parameter \"q\" is longer than " + MAX_QUERY_LENGTH + " characters; search for fewer words.");
		}
		if (k < 1 || k > MAX_K) {
			throw new IllegalArgumentException("Parameter \"k\" must be between 1 and " + MAX_K + ".");
		}
		return this.metrics.timeSearch(() -> {
			// ask for more, since moments of unpublished sermons are dropped below
			List<ChunkSearch.Match> matches = this.chunks.search(query,
					() -> this.vectors.get(query.toLowerCase(java.util.Locale.ROOT), this.embedder::embed),
					(within != null || !filter.isNone()) ? MAX_K * 2 : Math.min(MAX_K * 2, k * 2));
			Map<String, Sermon> published = this.sermons
				.publishedAmong(matches.stream().map(ChunkSearch.Match::sermonId).distinct().toList());
			List<Hit> hits = new ArrayList<>();
			for (ChunkSearch.Match match : matches) {
				Sermon sermon = published.get(match.sermonId());
				if (sermon != null && hits.size() < k && (within == null || within.contains(sermon.id()))
						&& filter.matches(sermon)) {
					hits.add(new Hit(sermon.id(), sermon.title(), sermon.preacher(), sermon.preachedOn(), match.start(),
							match.end(), match.text(), match.snippet(), match.score(),
							this.links.page(sermon.id(), match.start()),
							this.links.audioFrom(sermon.id(), match.start())));
				}
			}
			return hits;
		});
	}

	/**
	 * One moment found. {@code snippet} is HTML: escaped text with the matched words in
	 * {@code <mark>}; {@code listenUrl} opens the sermon playing from {@code start}.
	 */
	public record Hit(String sermonId, String title, String preacher, LocalDate preachedOn, double start, double end,
			String text, String snippet, double score, String listenUrl, String audioUrl) {
	}

}
