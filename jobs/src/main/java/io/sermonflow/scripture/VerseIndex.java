package io.sermonflow.scripture;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.search.SearchProperties;

import org.springframework.stereotype.Component;

/**
 * Every verse of the World English Bible embedded once (all-MiniLM-L6-v2) in an
 * Elasticsearch index of its own, {@code <prefix>-bible-verses-v<version>}: where a
 * transcript window that reads a verse finds it. Built by {@link WebBibleLoader} after
 * the text is loaded, and reused by every later start (the index outlives the process).
 */
@Component
public class VerseIndex {

	/**
	 * Bumped when the mapping, the text or the model changes: a new version, a new index.
	 */
	static final int VERSION = 1;

	private static final String MAPPING = """
			{"settings":{"number_of_shards":1,"number_of_replicas":0},
			 "mappings":{"dynamic":"strict","properties":{
			   "book":{"type":"keyword"},"chapter":{"type":"integer"},"verse":{"type":"integer"},
			   "text":{"type":"text"},
			   "vector":{"type":"dense_vector","dims":384,"index":true,"similarity":"cosine"}}}}""";

	private final ElasticsearchClient client;

	private final String index;

	private volatile boolean ready;

	VerseIndex(ElasticsearchClient client, SearchProperties properties) {
		this.client = client;
		this.index = properties.indexPrefix() + "-bible-verses-v" + VERSION;
	}

	/** Whether every verse is in the index (checked once, then remembered). */
	public boolean ready() {
		if (this.ready) {
			return true;
		}
		try {
			if (this.client.indices().exists((e) -> e.index(this.index)).value()) {
				this.client.indices().refresh((r) -> r.index(this.index));
				this.ready = this.client.count((c) -> c.index(this.index)).count() >= BibleText.LOADED;
			}
		}
		catch (IOException | ElasticsearchException ex) {
			return false;
		}
		return this.ready;
	}

	/**
	 * Embeds and indexes the verses, a batch at a time; ids make a second build a
	 * rewrite.
	 */
	void build(List<BibleText.Verse> verses, Embedder embedder) throws IOException {
		if (!this.client.indices().exists((e) -> e.index(this.index)).value()) {
			this.client.indices().create((c) -> c.index(this.index).withJson(new StringReader(MAPPING)));
		}
		for (int i = 0; i < verses.size(); i += 256) {
			List<BibleText.Verse> batch = verses.subList(i, Math.min(verses.size(), i + 256));
			List<float[]> vectors = embedder.embed(batch.stream().map(BibleText.Verse::text).toList());
			BulkRequest.Builder bulk = new BulkRequest.Builder().index(this.index);
			for (int v = 0; v < batch.size(); v++) {
				BibleText.Verse verse = batch.get(v);
				Map<String, Object> source = Map.of("book", verse.book().osis, "chapter", verse.chapter(), "verse",
						verse.verse(), "text", verse.text(), "vector", floats(vectors.get(v)));
				bulk.operations((op) -> op.index(
						(x) -> x.id(verse.book().osis + "." + verse.chapter() + "." + verse.verse()).document(source)));
			}
			BulkResponse response = this.client.bulk(bulk.build());
			if (response.errors()) {
				throw new IOException("Elasticsearch refused verses: " + response.items()
					.stream()
					.filter((item) -> item.error() != null)
					.map((item) -> item.error().reason())
					.findFirst()
					.orElse("unknown"));
			}
		}
		this.ready = false;
		ready();
	}

	/**
	 * Candidate verses for a window of transcript: the nearest in meaning and the best by
	 * words (BM25, which a verbatim quote's rare words win), {@code k} of each.
	 */
	List<BibleText.Verse> candidates(String text, float[] vector, int k) throws IOException {
		List<BibleText.Verse> found = new ArrayList<>();
		SearchResponse<VerseDocument> meaning = this.client.search(
				(s) -> s.index(this.index)
					.size(k)
					.source((src) -> src.filter((f) -> f.excludes("vector")))
					.knn((knn) -> knn.field("vector").queryVector(floats(vector)).k(k).numCandidates(50)),
				VerseDocument.class);
		SearchResponse<VerseDocument> words = this.client.search((s) -> s.index(this.index)
			.size(k)
			.source((src) -> src.filter((f) -> f.excludes("vector")))
			.query((q) -> q.match((m) -> m.field("text").query(text))), VerseDocument.class);
		for (Hit<VerseDocument> hit : concat(meaning.hits().hits(), words.hits().hits())) {
			VerseDocument doc = hit.source();
			Optional<Book> book = (doc != null) ? Book.ofOsis(doc.book()) : Optional.empty();
			if (book.isPresent()) {
				found.add(new BibleText.Verse(book.get(), doc.chapter(), doc.verse(), doc.text()));
			}
		}
		return found;
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		List<T> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static List<Float> floats(float[] vector) {
		List<Float> values = new ArrayList<>(vector.length);
		for (float value : vector) {
			values.add(value);
		}
		return values;
	}

	record VerseDocument(String book, int chapter, int verse, String text) {
	}

}
