package io.sermonflow.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sermonflow.media.Speech;

import static org.awaitility.Awaitility.await;

/** Real spoken sermons (espeak-ng), uploaded and taken through the whole pipeline. */
public final class SpokenSermons {

	private SpokenSermons() {
	}

	/**
	 * Uploads {@code rounds} rounds of the spoken sentences (about 22 s each) and waits
	 * until the sermon is PUBLISHED; returns its id.
	 */
	public static String publish(Api admin, int rounds, String title, String series) throws Exception {
		Path dir = Files.createTempDirectory("sermonflow-spoken");
		Path recording = dir.resolve("spoken.m4a");
		Speech.record(dir, recording, rounds);
		Map<String, String> details = new LinkedHashMap<>(
				Map.of("title", title, "preacher", "Ann Example", "preachedOn", "2026-11-29"));
		if (series != null) {
			details.put("series", series);
		}
		String id = admin.upload("/api/sermons", details, recording).json().get("sermonId").asString();
		await().atMost(Duration.ofMinutes(3)).until(() -> Api.isFullyPublished(admin.get("/api/sermons/" + id).json()));
		return id;
	}

}
