package io.sermonflow.search;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;

import org.springframework.stereotype.Component;

/**
 * The search index of transcript chunks: BM25 over {@code text} and a 384-dimension
 * cosine {@code dense_vector}, in indices named {@code <prefix>-sermon-chunks-v<mapping
 * version>-<n>} behind the alias {@code <prefix>-sermon-chunks}. Document ids are
 * {@code <sermonId>-<seq>}, so indexing a chunk twice writes it once.
 */
@Component
public class ChunkIndex {

	/** Bumped whenever {@link #MAPPING} changes; a new version means a new index. */
	public static final int MAPPING_VERSION = 1;

	static final String MAPPING = """
			{"settings":{"number_of_shards":1,"number_of_replicas":0},
			 "mappings":{"dynamic":"strict","properties":{
			   "sermonId":{"type":"keyword"},"seq":{"type":"integer"},
			   "start":{"type":"float"},"end":{"type":"float"},
			   "title":{"type":"text"},"text":{"type":"text"},
			   "model":{"type":"keyword"},
			   "vector":{"type":"dense_vector","dims":384,"index":true,"similarity":"cosine"}}}}""";

	private final ElasticsearchClient client;

	private final String alias;

	ChunkIndex(ElasticsearchClient client, SearchProperties properties) {
		this.client = client;
		this.alias = properties.indexPrefix() + "-sermon-chunks";
	}

	public String alias() {
		return this.alias;
	}

	/** The index behind the alias, created (with the alias) when there is none. */
	public String ensure() {
		return call(() -> {
			List<String> current = indicesOfAlias();
			if (!current.isEmpty()) {
				return current.get(0);
			}
			String index = this.alias + "-v" + MAPPING_VERSION + "-1";
			if (!this.client.indices().exists((e) -> e.index(index)).value()) {
				this.client.indices().create((c) -> c.index(index).withJson(new StringReader(MAPPING)));
			}
			this.client.indices()
				.updateAliases((u) -> u.actions((a) -> a.add((add) -> add.index(index).alias(this.alias))));
			return index;
		});
	}

	/** A new, empty index for a re-embedding, not yet behind the alias. */
	public String createNext() {
		return call(() -> {
			String current = ensure();
			int n = Integer.parseInt(current.substring(current.lastIndexOf('-') + 1));
			String next = this.alias + "-v" + MAPPING_VERSION + "-" + (n + 1);
			if (this.client.indices().exists((e) -> e.index(next)).value()) {
				this.client.indices().delete((d) -> d.index(next));
			}
			this.client.indices().create((c) -> c.index(next).withJson(new StringReader(MAPPING)));
			return next;
		});
	}

	/**
	 * Indexes documents into {@code index} and makes them searchable before returning.
	 */
	public int index(String index, List<Document> documents) {
		if (documents.isEmpty()) {
			return 0;
		}
		return call(() -> {
			BulkRequest.Builder bulk = new BulkRequest.Builder().index(index)
				.refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor);
			for (Document document : documents) {
				bulk.operations((op) -> op
					.index((i) -> i.id(document.sermonId() + "-" + document.seq()).document(document.source())));
			}
			BulkResponse response = this.client.bulk(bulk.build());
			if (response.errors()) {
				String reason = response.items()
					.stream()
					.filter((item) -> item.error() != null)
					.map((item) -> item.error().reason())
					.findFirst()
					.orElse("unknown");
				throw new PermanentException("Elasticsearch refused chunks: " + reason);
			}
			return documents.size();
		});
	}

	/** Removes a sermon's chunks {@code 0..count-1} from every index behind the alias. */
	public void delete(String sermonId, int count) {
		delete(sermonId, 0, count);
	}

	/**
	 * Removes a sermon's chunks {@code from..to-1} from every index behind the alias, and
	 * makes that visible to searches before returning.
	 */
	public void delete(String sermonId, int from, int to) {
		if (to <= from) {
			return;
		}
		call(() -> {
			for (String index : indicesOfAlias()) {
				BulkRequest.Builder bulk = new BulkRequest.Builder().index(index)
					.refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor);
				for (int seq = from; seq < to; seq++) {
					int s = seq;
					bulk.operations((op) -> op.delete((d) -> d.id(sermonId + "-" + s)));
				}
				this.client.bulk(bulk.build());
			}
			return null;
		});
	}

	public long count(String index) {
		return call(() -> {
			this.client.indices().refresh((r) -> r.index(index));
			return this.client.count((c) -> c.index(index)).count();
		});
	}

	/**
	 * Points the alias at {@code index} alone, in one atomic step, and drops the others.
	 */
	public void swapTo(String index) {
		call(() -> {
			List<String> old = indicesOfAlias();
			this.client.indices().updateAliases((u) -> {
				u.actions((a) -> a.add((add) -> add.index(index).alias(this.alias)));
				for (String previous : old) {
					if (!previous.equals(index)) {
						u.actions((a) -> a.remove((remove) -> remove.index(previous).alias(this.alias)));
					}
				}
				return u;
			});
			for (String previous : old) {
				if (!previous.equals(index)) {
					this.client.indices().delete((d) -> d.index(previous));
				}
			}
			return null;
		});
	}

	List<String> indicesOfAlias() throws IOException {
		try {
			GetAliasResponse aliases = this.client.indices().getAlias((g) -> g.name(this.alias));
			return new ArrayList<>(aliases.result().keySet());
		}
		catch (ElasticsearchException ex) {
			if (ex.status() == 404) {
				return List.of();
			}
			throw ex;
		}
	}

	public ElasticsearchClient client() {
		return this.client;
	}

	private interface Call<T> {

		T run() throws IOException;

	}

	/**
	 * Elasticsearch unreachable or failing is retryable: the run retries with backoff.
	 */
	private static <T> T call(Call<T> call) {
		try {
			return call.run();
		}
		catch (IOException ex) {
			throw new RetryableException("Elasticsearch is unavailable: " + ex.getMessage(), ex);
		}
		catch (ElasticsearchException ex) {
			if (ex.status() >= 500 || ex.status() == 429) {
				throw new RetryableException("Elasticsearch is unavailable: " + ex.getMessage(), ex);
			}
			throw new PermanentException("Elasticsearch refused the request: " + ex.getMessage(), ex);
		}
	}

	/** One chunk as indexed. */
	public record Document(String sermonId, int seq, double start, double end, String title, String text, String model,
			float[] vector) {

		Map<String, Object> source() {
			List<Float> values = new ArrayList<>(this.vector.length);
			for (float value : this.vector) {
				values.add(value);
			}
			return Map.of("sermonId", this.sermonId, "seq", this.seq, "start", this.start, "end", this.end, "title",
					(this.title != null) ? this.title : "", "text", this.text, "model", this.model, "vector", values);
		}

	}

}
