package io.sermonflow.transcript;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.fetch.ServiceUrls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Deepgram client against a loopback stub that replays Deepgram's documented
 * {@code /v1/listen} responses: Deepgram itself is a third party the tests cannot reach.
 */
class DeepgramTranscriberTest {

	private static final String KEY = "dg-test-key-0123456789";

	@TempDir
	Path dir;

	private HttpServer stub;

	private final Deque<Integer> statuses = new ArrayDeque<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private String body;

	@BeforeEach
	void startStub() throws IOException {
		this.body = new String(getClass().getResourceAsStream("/deepgram/listen-utterances.json").readAllBytes(),
				StandardCharsets.UTF_8);
		this.stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.stub.createContext("/v1/listen", (exchange) -> {
			byte[] audio = exchange.getRequestBody().readAllBytes();
			this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
					+ exchange.getRequestHeaders().getFirst("Authorization") + " type="
					+ exchange.getRequestHeaders().getFirst("Content-Type") + " bytes=" + audio.length);
			int status = this.statuses.isEmpty() ? 200 : this.statuses.poll();
			byte[] reply = (status == 200) ? this.body.getBytes(StandardCharsets.UTF_8)
					: ("{\"err_code\":\"E" + status + "\",\"err_msg\":\"stubbed failure\"}")
						.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, reply.length);
			exchange.getResponseBody().write(reply);
			exchange.close();
		});
		this.stub.start();
	}

	@AfterEach
	void stopStub() {
		this.stub.stop(0);
	}

	private DeepgramTranscriber client() {
		return client(DeepgramTranscriber.MAX_RESPONSE);
	}

	private DeepgramTranscriber client(int maxResponseBytes) {
		return new DeepgramTranscriber(
				new TranscriptionProperties(KEY, "http://127.0.0.1:" + this.stub.getAddress().getPort(), null),
				JsonMapper.builder().build(), Duration.ofMillis(10), maxResponseBytes);
	}

	private Path audio() throws IOException {
		return Files.write(this.dir.resolve("audio.m4a"), new byte[] { 1, 2, 3, 4 });
	}

	@Test
	void sends_the_audio_with_the_key_and_reads_utterances_as_segments_with_timed_words() throws IOException {
		Transcript transcript = client().transcribe(audio(), "en");
		assertThat(this.requests).singleElement()
			.asString()
			.startsWith("POST /v1/listen?model=nova-2&smart_format=true&punctuate=true&utterances=true&language=en")
			.contains("auth=Token " + KEY)
			.contains("type=application/octet-stream")
			.endsWith("bytes=4");
		assertThat(transcript.engine()).isEqualTo("deepgram");
		assertThat(transcript.segments()).hasSize(2);
		Transcript.Segment second = transcript.segments().get(1);
		assertThat(second.text()).isEqualTo("Today we talk about grace.");
		assertThat(second.start()).isEqualTo(6.1);
		assertThat(second.end()).isEqualTo(7.8);
		assertThat(second.words()).extracting(Transcript.Word::word).contains("about", "grace.");
		assertThat(second.words().get(3).start()).isEqualTo(6.9);
	}

	@Test
	void names_the_audio_type_from_the_file_itself() throws IOException {
		Path mp3 = io.sermonflow.media.TestAudio.tone(this.dir.resolve("a.mp3"), 1, 440);
		Path m4a = io.sermonflow.media.TestAudio.tone(this.dir.resolve("a.m4a"), 1, 440);
		Path wav = io.sermonflow.media.TestAudio.tone(this.dir.resolve("a.wav"), 1, 440);
		assertThat(DeepgramTranscriber.contentType(mp3)).isEqualTo("audio/mpeg");
		assertThat(DeepgramTranscriber.contentType(m4a)).isEqualTo("audio/mp4");
		assertThat(DeepgramTranscriber.contentType(wav)).isEqualTo("audio/wav");
	}

	@Test
	void retries_server_errors_and_rate_limits_then_succeeds() throws IOException {
		this.statuses.addAll(List.of(503, 429));
		assertThat(client().transcribe(audio(), "en").segments()).hasSize(2);
		assertThat(this.requests).hasSize(3);
	}

	@Test
	void gives_up_on_persistent_server_errors_as_retryable_so_the_run_retries_later() throws IOException {
		this.statuses.addAll(List.of(502, 502, 502));
		assertThatThrownBy(() -> client().transcribe(audio(), "en")).isInstanceOf(RetryableException.class)
			.hasMessageContaining("HTTP 502");
		assertThat(this.requests).hasSize(DeepgramTranscriber.ATTEMPTS);
	}

	@Test
	void a_refused_key_is_permanent_says_so_and_never_shows_the_key() throws IOException {
		this.statuses.add(401);
		assertThatThrownBy(() -> client().transcribe(audio(), "en")).isInstanceOf(PermanentException.class)
			.hasMessageContaining("refused the API key")
			.hasMessageNotContaining(KEY);
		assertThat(this.requests).hasSize(1);
		assertThat(new TranscriptionProperties(KEY, null, null).toString()).doesNotContain(KEY);
	}

	@Test
	void reads_no_more_of_an_answer_than_the_cap_and_fails_permanently() throws IOException {
		int cap = this.body.getBytes(StandardCharsets.UTF_8).length - 1;
		assertThatThrownBy(() -> client(cap).transcribe(audio(), "en")).isInstanceOf(PermanentException.class)
			.hasMessageContaining("Deepgram's answer is over");
		assertThat(client(cap + 1).transcribe(audio(), "en").segments()).hasSize(2);
	}

	@Test
	void refuses_to_start_with_a_deepgram_url_that_would_send_the_key_in_clear_text_or_inside_the_network() {
		ServiceUrls nothingListed = new ServiceUrls(
				(host) -> List
					.of(java.net.InetAddress.getByName(host.equals("dg.test") ? "93.184.216.34" : "10.1.2.3")),
				java.util.Set.of());
		JsonMapper json = JsonMapper.builder().build();
		io.sermonflow.media.Ffmpeg ffmpeg = io.sermonflow.media.TestAudio.ffmpegForTests();
		TranscriberConfiguration configuration = new TranscriberConfiguration();
		assertThatThrownBy(() -> configuration.transcriber(new TranscriptionProperties(KEY, "http://dg.test", null),
				json, ffmpeg, nothingListed, null, null))
			.hasMessageStartingWith("SERMONFLOW_DEEPGRAM_URL must be an https URL");
		assertThatThrownBy(
				() -> configuration.transcriber(new TranscriptionProperties(KEY, "https://dg.internal", null), json,
						ffmpeg, nothingListed, null, null))
			.hasMessageContaining("10.0.0.0/8")
			.hasMessageNotContaining(KEY);
		assertThat(configuration.transcriber(new TranscriptionProperties(KEY, "https://dg.test", null), json, ffmpeg,
				nothingListed, null, null))
			.isInstanceOf(DeepgramTranscriber.class);
		assertThat(this.requests).isEmpty();
	}

}
