package io.sermonflow.listen;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.sermonflow.media.MediaStore;
import io.sermonflow.media.TestAudio;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.support.Api;
import io.sermonflow.support.HlsPlaylist;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Listener streaming over real HTTP: HLS that ffmpeg plays, ranges, caching, 404s. */
@SermonflowTest
class StreamingTest {

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	@Autowired
	MediaStore media;

	@Autowired
	JdbcSermonStore sermons;

	private final HttpClient http = HttpClient.newHttpClient();

	private String sermonId;

	@BeforeEach
	void publish() {
		this.sermonId = Listening.toneSermon(this.port, this.dir, "Streamed");
	}

	private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	@Test
	void ffmpeg_plays_the_master_playlist_over_http_and_playlists_and_segments_are_cached_right() throws Exception {
		String base = "http://127.0.0.1:" + this.port + "/listen/" + this.sermonId;
		assertThat(TestAudio.decodedSeconds("-i", base + "/master.m3u8")).isCloseTo(14, within(1.0));
		HttpResponse<byte[]> master = get("/listen/" + this.sermonId + "/master.m3u8");
		assertThat(master.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/vnd.apple.mpegurl"));
		assertThat(master.headers().firstValue("Cache-Control")).hasValue("max-age=60, public");
		// each variant is one fragmented MP4; a player fetches its segments as byte
		// ranges
		String variant = new String(get("/listen/" + this.sermonId + "/hls/64k/index.m3u8").body(),
				StandardCharsets.UTF_8);
		HlsPlaylist.Part init = HlsPlaylist.init(variant);
		List<HlsPlaylist.Part> segments = HlsPlaylist.segments(variant);
		assertThat(segments).hasSize(3).allMatch((part) -> part.uri().equals("audio.mp4"));
		assertThat(init.uri()).isEqualTo("audio.mp4");
		assertThat(segments.get(0).offset()).isEqualTo(init.offset() + init.length());
		HttpResponse<byte[]> head = get("/listen/" + this.sermonId + "/hls/64k/audio.mp4", "Range", init.range());
		assertThat(head.statusCode()).isEqualTo(206);
		assertThat(new String(head.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
		HlsPlaylist.Part second = segments.get(1);
		HttpResponse<byte[]> segment = get("/listen/" + this.sermonId + "/hls/64k/audio.mp4", "Range", second.range());
		assertThat(segment.statusCode()).isEqualTo(206);
		assertThat(segment.body()).hasSize((int) second.length());
		// a whole fragment: (its index,) its moof box and its media data
		String fragment = new String(segment.body(), StandardCharsets.ISO_8859_1);
		assertThat(fragment.substring(4, 8)).isIn("sidx", "styp", "moof");
		assertThat(fragment.indexOf("moof")).isPositive().isLessThan(fragment.indexOf("mdat"));
		assertThat(segment.headers().firstValue("Content-Type")).hasValue("audio/mp4");
		assertThat(segment.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
	}

	@Test
	void mpeg_ts_segments_of_sermons_transcoded_before_the_byte_range_variants_are_still_served() throws Exception {
		Path folder = this.media.resolve(this.sermons.find(this.sermonId).orElseThrow().mediaFolder() + "/master.m3u8")
			.getParent();
		Files.write(folder.resolve("hls/64k/segment_00000.ts"), new byte[] { 0x47, 0, 0, 0 });
		HttpResponse<byte[]> segment = get("/listen/" + this.sermonId + "/hls/64k/segment_00000.ts");
		assertThat(segment.statusCode()).isEqualTo(200);
		assertThat(segment.headers().firstValue("Content-Type")).hasValue("video/mp2t");
		assertThat(segment.body()).startsWith((byte) 0x47);
	}

	@Test
	void progressive_audio_answers_single_ranges_at_both_ends_and_refuses_what_is_past_the_end() throws Exception {
		String audio = "/listen/" + this.sermonId + "/audio";
		HttpResponse<byte[]> whole = get(audio);
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
		int size = whole.body().length;
		String etag = whole.headers().firstValue("ETag").orElseThrow();

		HttpResponse<byte[]> first = get(audio, "Range", "bytes=0-0");
		assertThat(first.statusCode()).isEqualTo(206);
		assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-0/" + size);
		assertThat(first.body()).containsExactly(whole.body()[0]);

		HttpResponse<byte[]> last = get(audio, "Range", "bytes=" + (size - 1) + "-");
		assertThat(last.headers().firstValue("Content-Range"))
			.hasValue("bytes " + (size - 1) + "-" + (size - 1) + "/" + size);
		assertThat(last.body()).containsExactly(whole.body()[size - 1]);

		HttpResponse<byte[]> suffix = get(audio, "Range", "bytes=-100");
		assertThat(suffix.statusCode()).isEqualTo(206);
		assertThat(suffix.body()).hasSize(100);

		HttpResponse<byte[]> beyond = get(audio, "Range", "bytes=" + size + "-");
		assertThat(beyond.statusCode()).isEqualTo(416);
		assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + size);

		// a malformed Range header is ignored (RFC 9110): the whole file
		for (String malformed : List.of("bytes=abc", "bytes=9-2", "lines=0-1", "bytes=")) {
			HttpResponse<byte[]> ignored = get(audio, "Range", malformed);
			assertThat(ignored.statusCode()).as(malformed).isEqualTo(200);
			assertThat(ignored.body()).as(malformed).hasSize(size);
		}

		// If-Range: the range only while the file is the one the client has
		assertThat(get(audio, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
		HttpResponse<byte[]> stale = get(audio, "Range", "bytes=0-9", "If-Range", "\"not-this-file\"");
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.body()).hasSize(size);
		// several ranges: served as multipart/byteranges with each part right, or whole
		HttpResponse<byte[]> several = get(audio, "Range", "bytes=0-9,20-29");
		if (several.statusCode() == 206) {
			assertThat(several.headers().firstValue("Content-Type").orElseThrow()).startsWith("multipart/byteranges");
			assertThat(several.body().length).isLessThan(size);
		}
		else {
			assertThat(several.statusCode()).isEqualTo(200);
			assertThat(several.body()).hasSize(size);
		}
		// overlapping ranges that add up to more than the file are not amplified
		HttpResponse<byte[]> amplified = get(audio, "Range", "bytes=0-,0-,0-,0-");
		assertThat(amplified.body().length).isLessThanOrEqualTo(size);
		assertThat(get(audio, "If-None-Match", etag).statusCode()).isEqualTo(304);
		HttpResponse<byte[]> head = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + audio))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(size));
		assertThat(head.body()).isEmpty();
	}

	@Test
	void traversal_probes_and_anything_unpublished_are_plain_404s() throws Exception {
		String id = this.sermonId;
		for (String probe : List.of("/listen/" + id + "/original", "/listen/" + id + "/transcript.xml",
				"/listen/" + id + "/metadata.json", "/listen/" + id + "/hls/64k/..%2F..%2Foriginal",
				"/listen/" + id + "/hls/64k/%2e%2e%2f%2e%2e%2foriginal",
				"/listen/" + id + "/hls/64k/%252e%252e%252foriginal", "/listen/" + id + "/hls/64k/..%5C..%5Coriginal",
				"/listen/" + id + "/hls/%2Fetc%2Fpasswd/index.m3u8", "/listen/..%2F..%2Fetc%2Fpasswd/audio",
				"/listen/" + id + "/hls/256k/index.m3u8", "/listen/" + id + "/hls/64k/segment_99999.ts",
				"/listen/no-such-sermon/audio")) {
			assertThat(rawStatus(probe)).as(probe).isEqualTo(404);
		}
		// Tomcat refuses a null byte itself, before any application code, with a bare 400
		assertThat(rawStatus("/listen/" + id + "/hls/64k/segment_00000.ts%00.m3u8")).isIn(400, 404);
		Path notes = Files.writeString(this.dir.resolve("notes.mp3"), "not audio\n".repeat(100));
		Api api = Api.admin(this.port);
		String failed = api
			.upload("/api/sermons", Map.of("title", "Failed", "preacher", "A", "preachedOn", "2026-11-22"), notes)
			.json()
			.get("sermonId")
			.asString();
		assertThat(get("/listen/" + failed + "/audio").statusCode()).isEqualTo(404);
		assertThat(get("/listen/" + failed + "/master.m3u8").statusCode()).isEqualTo(404);
	}

	/**
	 * The status of a request sent byte for byte, so no client normalises the path first.
	 */
	private int rawStatus(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
			return Integer.parseInt(status.substring(9, 12));
		}
	}

}
