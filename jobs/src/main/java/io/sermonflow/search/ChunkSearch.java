package io.sermonflow.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;

import org.springframework.stereotype.Component;

/**
 * Hybrid search over transcript chunks: a BM25 match on the words and a kNN query on the
 * embedding, fused by reciprocal rank in our code (this Elasticsearch has no RRF
 * retriever). Chunks overlap in time, so a hit that mostly repeats a better hit of the
 * same sermon is dropped: a listener wants distinct moments.
 */
@Component
public class ChunkSearch {

	/**
	 * The rank constant of reciprocal rank fusion (Cormack et al.; Elasticsearch's too).
	 */
	static final int RRF_K = 60;

	private final ElasticsearchClient client;

	private final String alias;

	/** Runs the word search beside the caller's embedding and vector search. */
	private final Executor executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "sermonflow-search");
		thread.setDaemon(true);
		return thread;
	});

	ChunkSearch(ChunkIndex index) {
		this.client = index.client();
		this.alias = index.alias();
	}

	/**
	 * The best {@code k} moments for a query. {@code snippet} is HTML: the chunk's text
	 * escaped, with the matched words in {@code <mark>}.
	 */
	public List<Match> search(String query, float[] vector, int k) {
		return search(query, () -> vector, k);
	}

	/**
	 * As {@link #search(String, float[], int)}, with the query's vector made while the
	 * word search runs: embedding a query costs about as much as either search.
	 */
	public List<Match> search(String query, Supplier<float[]> vector, int k) {
		int window = Math.min(100, Math.max(20, k * 3));
		try {
			CompletableFuture<List<Hit<Chunk>>> words = CompletableFuture.supplyAsync(() -> {
				try {
					return bm25(query, window);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, this.executor);
			List<Hit<Chunk>> meaning = knn(vector.get(), window);
			return fuse(join(words), meaning, k);
		}
		catch (UncheckedIOException ex) {
			throw new RetryableException("Elasticsearch is unavailable: " + ex.getCause().getMessage(), ex);
		}
		catch (IOException ex) {
			throw new RetryableException("Elasticsearch is unavailable: " + ex.getMessage(), ex);
		}
		catch (ElasticsearchException ex) {
			if (ex.status() == 404) {
				return List.of(); // nothing indexed yet
			}
			if (ex.status() >= 500 || ex.status() == 429) {
				throw new RetryableException("Elasticsearch is unavailable: " + ex.getMessage(), ex);
			}
			throw new PermanentException("Elasticsearch refused the search: " + ex.getMessage(), ex);
		}
	}

	private static List<Hit<Chunk>> join(CompletableFuture<List<Hit<Chunk>>> words) {
		try {
			return words.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private List<Hit<Chunk>> bm25(String query, int size) throws IOException {
		SearchResponse<Chunk> response = this.client.search((s) -> s.index(this.alias)
			.size(size)
			.source((src) -> src.filter((f) -> f.excludes("vector")))
			.query((q) -> q.bool((b) -> b.should((sh) -> sh.match((m) -> m.field("text").query(query)))
				.should((sh) -> sh.match((m) -> m.field("title").query(query).boost(0.3f)))
				.minimumShouldMatch("1")))
			.highlight((h) -> h.encoder(HighlighterEncoder.Html)
				.preTags("<mark>")
				.postTags("</mark>")
				.fields("text", (f) -> f.numberOfFragments(0))), Chunk.class);
		return response.hits().hits();
	}

	private List<Hit<Chunk>> knn(float[] vector, int size) throws IOException {
		List<Float> values = new ArrayList<>(vector.length);
		for (float value : vector) {
			values.add(value);
		}
		SearchResponse<Chunk> response = this.client.search(
				(s) -> s.index(this.alias)
					.size(size)
					.source((src) -> src.filter((f) -> f.excludes("vector")))
					.knn((knn) -> knn.field("vector").queryVector(values).k(size).numCandidates(Math.max(100, size))),
				Chunk.class);
		return response.hits().hits();
	}

	static List<Match> fuse(List<Hit<Chunk>> words, List<Hit<Chunk>> meaning, int k) {
		Map<String, Double> scores = new HashMap<>();
		Map<String, Hit<Chunk>> hits = new LinkedHashMap<>();
		Map<String, String> highlights = new HashMap<>();
		for (int rank = 0; rank < words.size(); rank++) {
			Hit<Chunk> hit = words.get(rank);
			scores.merge(hit.id(), 1.0 / (RRF_K + rank + 1), Double::sum);
			hits.putIfAbsent(hit.id(), hit);
			List<String> marked = hit.highlight().get("text");
			if (marked != null && !marked.isEmpty()) {
				highlights.put(hit.id(), marked.get(0));
			}
		}
		for (int rank = 0; rank < meaning.size(); rank++) {
			Hit<Chunk> hit = meaning.get(rank);
			scores.merge(hit.id(), 1.0 / (RRF_K + rank + 1), Double::sum);
			hits.putIfAbsent(hit.id(), hit);
		}
		List<String> ranked = new ArrayList<>(hits.keySet());
		ranked.sort((a, b) -> Double.compare(scores.get(b), scores.get(a)));
		List<Match> matches = new ArrayList<>();
		for (String id : ranked) {
			Chunk chunk = hits.get(id).source();
			if (chunk == null || repeats(chunk, matches)) {
				continue;
			}
			String snippet = highlights.getOrDefault(id, escape(chunk.text()));
			matches.add(new Match(chunk.sermonId(), chunk.start(), chunk.end(), chunk.text(), snippet, scores.get(id)));
			if (matches.size() == k) {
				break;
			}
		}
		return matches;
	}

	/** Escapes as Elasticsearch's html highlight encoder does. */
	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#x27;");
				case '/' -> out.append("&#x2F;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/** Whether more than half of the chunk lies inside a better match of its sermon. */
	private static boolean repeats(Chunk chunk, List<Match> better) {
		for (Match match : better) {
			if (match.sermonId().equals(chunk.sermonId())) {
				double overlap = Math.min(match.end(), chunk.end()) - Math.max(match.start(), chunk.start());
				if (overlap > (chunk.end() - chunk.start()) / 2) {
					return true;
				}
			}
		}
		return false;
	}

	/** One moment found: where in which sermon, its text and a highlighted snippet. */
	public record Match(String sermonId, double start, double end, String text, String snippet, double score) {
	}

	/** A chunk as read back from the index, without its vector. */
	record Chunk(String sermonId, int seq, double start, double end, String title, String text, String model) {
	}

}
