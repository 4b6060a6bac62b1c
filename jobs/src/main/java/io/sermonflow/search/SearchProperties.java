package io.sermonflow.search;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Elasticsearch is, and the prefix of every index and alias, so test suites and
 * instances never share an index.
 */
@ConfigurationProperties("sermonflow.es")
public record SearchProperties(String url, String indexPrefix) {

	public SearchProperties {
		url = (url != null) ? url : "http://127.0.0.1:9200";
		indexPrefix = (indexPrefix != null) ? indexPrefix : "sermonflow";
	}

}
