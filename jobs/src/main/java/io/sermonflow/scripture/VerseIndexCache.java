package io.sermonflow.scripture;

import java.io.IOException;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.search.SearchProperties;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * Builds the verse index at install time, so a node's first start (or a test suite) does
 * not spend its first minutes embedding 31,000 verses beside its first sermon:
 * {@code java … VerseIndexCache <Elasticsearch URL> <index prefix>}, called by
 * {@code ./sermonflow test} (and {@code bench}). A node still builds a missing index in
 * the background, as before.
 */
final class VerseIndexCache {

	private VerseIndexCache() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: VerseIndexCache <Elasticsearch URL> <index prefix>");
			System.exit(2);
		}
		long start = System.nanoTime();
		try (RestClient rest = RestClient.builder(HttpHost.create(args[0]))
			.setRequestConfigCallback((config) -> config.setConnectTimeout(3_000).setSocketTimeout(60_000))
			.build()) {
			ElasticsearchClient client = new ElasticsearchClient(
					new RestClientTransport(rest, new JacksonJsonpMapper()));
			VerseIndex index = new VerseIndex(client, new SearchProperties(args[0], args[1]));
			if (!index.ready()) {
				List<BibleText.Verse> verses = WebBibleLoader.export()
					.orElseThrow(() -> new IOException("The World English Bible is missing: install the Debian"
							+ " packages diatheke and sword-text-web"));
				index.build(verses, new Embedder());
			}
			System.out.println("verse index " + args[1] + "-bible-verses-v" + VerseIndex.VERSION + " ready ("
					+ (System.nanoTime() - start) / 1_000_000_000 + " s)");
		}
	}

}
