package io.sermonflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sermonflow.media.Speech;
import io.sermonflow.media.TestAudio;

import static org.awaitility.Awaitility.await;

/**
 * A spoken sermon published through the real pipeline, made once per running application
 * (tests of one configuration share it), with when each sentence of {@link Speech}
 * starts.
 */
public final class Listening {

	private static final Map<Integer, Spoken> BY_PORT = new ConcurrentHashMap<>();

	private Listening() {
	}

	public static synchronized Spoken spokenSermon(int port) {
		return BY_PORT.computeIfAbsent(port, Listening::publish);
	}

	/** A 14-second tone uploaded and published through the real pipeline; its id. */
	public static String toneSermon(int port, Path dir, String title) {
		Api api = Api.admin(port);
		Path tone = TestAudio.tone(dir.resolve("tone.mp3"), 14, 330);
		String id = api
			.upload("/api/sermons", Map.of("title", title, "preacher", "Ann Example", "preachedOn", "2026-11-22"), tone)
			.json()
			.get("sermonId")
			.asString();
		await().atMost(Duration.ofMinutes(2)).until(() -> Api.isFullyPublished(api.get("/api/sermons/" + id).json()));
		return id;
	}

	private static Spoken publish(int port) {
		try {
			Path dir = Files.createTempDirectory("sermonflow-speech");
			Path recording = dir.resolve("spoken.m4a");
			List<Double> starts = Speech.record(dir, recording, 2);
			Api api = Api.admin(port);
			String id = api
				.upload("/api/sermons", Map.of("title", "The mustard seed", "preacher", "Ann Example", "preachedOn",
						"2026-11-22", "series", "Parables"), recording)
				.json()
				.get("sermonId")
				.asString();
			await().atMost(Duration.ofMinutes(3))
				.until(() -> Api.isFullyPublished(api.get("/api/sermons/" + id).json()));
			return new Spoken(id, starts);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The sermon's id and the start of each sentence; sentence 3 of each round is "The
	 * kingdom of heaven is like a mustard seed."
	 */
	public record Spoken(String id, List<Double> starts) {
	}

}
