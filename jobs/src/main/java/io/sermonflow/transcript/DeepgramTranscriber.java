package io.sermonflow.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deepgram's pre-recorded API ({@code POST /v1/listen}) over plain HTTP: the Java SDK is
 * not in our package registry. Rate limits (429) and server errors (5xx) are retried with
 * backoff, then raised as retryable so the run retries later; a refused key (401, 403) is
 * permanent. The key travels only in the {@code Authorization} header and is never
 * logged.
 */
public class DeepgramTranscriber implements Transcriber {

	private static final Logger log = LoggerFactory.getLogger(DeepgramTranscriber.class);

	static final int ATTEMPTS = 3;

	/**
	 * The largest answer read: a six-hour sermon's words with their timestamps come to
	 * about 20 MB, and a misbehaving endpoint must not fill the heap.
	 */
	static final int MAX_RESPONSE = 64 * 1024 * 1024;

	private final TranscriptionProperties properties;

	private final JsonMapper json;

	private final HttpClient http;

	private final Duration initialBackoff;

	private final int maxResponseBytes;

	public DeepgramTranscriber(TranscriptionProperties properties, JsonMapper json, Duration initialBackoff,
			int maxResponseBytes) {
		this.maxResponseBytes = maxResponseBytes;
		this.properties = properties;
		this.json = json;
		this.initialBackoff = initialBackoff;
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public String engine() {
		return "deepgram";
	}

	@Override
	public Transcript transcribe(Path audio, String language) {
		URI uri = URI.create(this.properties.url().replaceAll("/+$", "") + "/v1/listen?model=" + this.properties.model()
				+ "&smart_format=true&punctuate=true&utterances=true&language="
				+ java.net.URLEncoder.encode(language, java.nio.charset.StandardCharsets.UTF_8));
		Duration backoff = this.initialBackoff;
		for (int attempt = 1;; attempt++) {
			Answer response = send(uri, audio);
			int status = response.status();
			if (status == 200) {
				return parse(response.body(), language);
			}
			if (status == 401 || status == 403) {
				throw new PermanentException(
						"Deepgram refused the API key (HTTP " + status + "); check DEEPGRAM_API_KEY");
			}
			boolean retryable = status == 429 || status >= 500;
			if (!retryable) {
				throw new PermanentException("Deepgram could not transcribe the audio (HTTP " + status + "): "
						+ abbreviate(response.body()));
			}
			if (attempt >= ATTEMPTS) {
				throw new RetryableException("Deepgram answered HTTP " + status + " " + ATTEMPTS + " times");
			}
			log.warn("Deepgram answered HTTP {} (attempt {} of {}); retrying in {} ms", status, attempt, ATTEMPTS,
					backoff.toMillis());
			sleep(response.retryAfter().map(DeepgramTranscriber::seconds).orElse(backoff));
			backoff = backoff.multipliedBy(2);
		}
	}

	private Answer send(URI uri, Path audio) {
		try {
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofMinutes(10))
				.header("Authorization", "Token " + this.properties.apiKey())
				.header("Content-Type", contentType(audio))
				.POST(HttpRequest.BodyPublishers.ofFile(audio))
				.build();
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = response.body()) {
				byte[] bytes = body.readNBytes(this.maxResponseBytes + 1);
				if (bytes.length > this.maxResponseBytes) {
					throw new PermanentException("Deepgram's answer is over " + this.maxResponseBytes / (1024 * 1024)
							+ " MiB; Sermonflow reads no more than that");
				}
				return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8),
						response.headers().firstValue("Retry-After"));
			}
		}
		catch (IOException ex) {
			throw new RetryableException("Deepgram is unreachable: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while waiting for Deepgram", ex);
		}
	}

	/** Deepgram's status, body and Retry-After header. */
	private record Answer(int status, String body, java.util.Optional<String> retryAfter) {
	}

	/** The audio's type from its first bytes: stored files carry no extension. */
	static String contentType(Path audio) throws IOException {
		byte[] head = new byte[12];
		try (java.io.InputStream in = java.nio.file.Files.newInputStream(audio)) {
			int read = in.readNBytes(head, 0, head.length);
			String start = new String(head, 0, Math.max(0, read), java.nio.charset.StandardCharsets.ISO_8859_1);
			if (start.startsWith("ID3") || (read > 1 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0)) {
				return "audio/mpeg";
			}
			if (start.startsWith("RIFF")) {
				return "audio/wav";
			}
			if (start.startsWith("fLaC")) {
				return "audio/flac";
			}
			if (start.startsWith("OggS")) {
				return "audio/ogg";
			}
			if (start.length() >= 8 && start.substring(4, 8).equals("ftyp")) {
				return "audio/mp4";
			}
			if (read >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf
					&& (head[3] & 0xff) == 0xa3) {
				return "audio/webm";
			}
			return "application/octet-stream";
		}
	}

	/** Utterances become segments; without them, the first alternative is one segment. */
	Transcript parse(String body, String language) {
		JsonNode root = this.json.readTree(body);
		List<Transcript.Segment> segments = new ArrayList<>();
		JsonNode utterances = root.path("results").path("utterances");
		if (utterances.isArray() && !utterances.isEmpty()) {
			for (JsonNode utterance : utterances) {
				segments
					.add(new Transcript.Segment(utterance.path("start").asDouble(), utterance.path("end").asDouble(),
							utterance.path("transcript").asString(""), words(utterance.path("words"))));
			}
		}
		else {
			JsonNode alternative = root.path("results").path("channels").path(0).path("alternatives").path(0);
			List<Transcript.Word> words = words(alternative.path("words"));
			if (!words.isEmpty()) {
				segments.add(new Transcript.Segment(words.get(0).start(), words.get(words.size() - 1).end(),
						alternative.path("transcript").asString(""), words));
			}
		}
		return new Transcript(engine(), language, segments);
	}

	private static List<Transcript.Word> words(JsonNode words) {
		List<Transcript.Word> result = new ArrayList<>();
		for (JsonNode word : words) {
			String text = word.hasNonNull("punctuated_word") ? word.path("punctuated_word").asString()
					: word.path("word").asString("");
			result.add(new Transcript.Word(text, word.path("start").asDouble(), word.path("end").asDouble(),
					word.path("confidence").asDouble()));
		}
		return result;
	}

	private static Duration seconds(String retryAfter) {
		try {
			return Duration.ofSeconds(Math.min(60, Long.parseLong(retryAfter.strip())));
		}
		catch (NumberFormatException ex) {
			return Duration.ofSeconds(1);
		}
	}

	private static String abbreviate(String body) {
		return (body.length() > 200) ? body.substring(0, 200) + "…" : body;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while waiting to retry Deepgram", ex);
		}
	}

}
