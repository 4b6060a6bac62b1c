package io.sermonflow.listen;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the podcast feed presents the platform; with {@code waitForTranscript} a sermon
 * joins the feed once its transcript is done, not as soon as its audio is public.
 */
@ConfigurationProperties("sermonflow.podcast")
record PodcastProperties(String title, String description, String author, String language, String imageUrl, int items,
		boolean waitForTranscript) {

	PodcastProperties {
		title = blankToDefault(title, "Sermons");
		description = blankToDefault(description, "Sermons from our churches, to stream and search.");
		author = blankToDefault(author, "Sermonflow");
		language = blankToDefault(language, "en");
		imageUrl = blankToDefault(imageUrl, null);
		items = (items > 0) ? Math.min(items, 1000) : 300;
	}

	private static String blankToDefault(String value, String fallback) {
		return (value == null || value.isBlank()) ? fallback : value.strip();
	}

}
