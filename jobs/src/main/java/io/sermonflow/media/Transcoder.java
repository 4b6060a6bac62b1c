package io.sermonflow.media;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sermonflow.error.RetryableException;

import org.springframework.stereotype.Component;

/**
 * Loudness-normalised renditions for streaming, one ffmpeg process per bit rate over the
 * stored original, side by side: HLS (AAC at 64 kbit/s mono and 128 kbit/s stereo, 6 s
 * segments, a master playlist), a progressive M4A, and waveform peaks for the player.
 * Each HLS variant is one fragmented MP4 file ({@value #VARIANT_FILE}) whose playlist
 * lists its segments as byte ranges: a 45-minute sermon's HLS is two media files, not
 * nine hundred segment files.
 */
@Component
public class Transcoder {

	public static final int SEGMENT_SECONDS = 6;

	public static final double LOUDNESS_LUFS = -16;

	/** The ceiling for peaks after the level is set. */
	static final double TRUE_PEAK_DBTP = -1.5;

	static final int PEAKS_PER_SECOND = 10;

	private static final int PEAK_SAMPLE_RATE = 4000;

	/** Each variant's media, beside its playlist: init section and every segment. */
	public static final String VARIANT_FILE = "audio.mp4";

	/** The HLS variant whose encode is also the progressive file. */
	private static final Renditions.Variant PROGRESSIVE = new Renditions.Variant(128, 2, "hls/128k/index.m3u8");

	private static final List<Renditions.Variant> VARIANTS = List
		.of(new Renditions.Variant(64, 1, "hls/64k/index.m3u8"), PROGRESSIVE);

	private final Ffmpeg ffmpeg;

	private final MediaStore store;

	/** Runs every pass but the last, which runs on the task's own thread. */
	private final ExecutorService sideBySide = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "sermonflow-transcode");
		thread.setDaemon(true);
		return thread;
	});

	Transcoder(Ffmpeg ffmpeg, MediaStore store) {
		this.ffmpeg = ffmpeg;
		this.store = store;
	}

	/**
	 * The ffmpeg arguments after the input, one list per ffmpeg process, writing under
	 * {@code out}: one process per bit rate, so the encodes (single-threaded in ffmpeg
	 * 5/6) run side by side on the cores, each decoding the original once (a few seconds
	 * an hour of audio). Each bit rate is encoded once: the 128 kb/s stereo encode is
	 * both the HLS variant and the progressive file (the tee muxer). The progressive file
	 * stays a plain MP4 with its index up front, a second mux of the same encode: podcast
	 * apps and phones' audio elements expect that, not a fragmented file. The last
	 * process also writes the peaks to standard output as 16-bit mono PCM. With the
	 * recording's measured {@code loudness} the level is set by one linear gain (and a
	 * limiter where the gain would push the peaks past −1.5 dBTP); without it, the
	 * loudnorm filter measures as it goes. Also what the media benchmark runs by hand.
	 */
	public static List<List<String>> passes(Path out, Loudness loudness) {
		List<List<String>> passes = new ArrayList<>();
		for (int i = 0; i < VARIANTS.size(); i++) {
			boolean last = i == VARIANTS.size() - 1;
			Renditions.Variant variant = VARIANTS.get(i);
			List<String> args = new ArrayList<>();
			String graph = "[0:a:0]" + levelFilter(loudness) + ",aresample=44100"
					+ (last ? ",asplit=2[a][peaks]" : "[a]");
			args.addAll(List.of("-filter_complex", graph));
			Path playlist = out.resolve(variant.playlist());
			String media = "file:" + playlist.getParent().resolve(VARIANT_FILE);
			// the fast coder: a third of the default two-loop coder's CPU, and speech at
			// these bit rates leaves it nothing audible to lose (docs/benchmarks.md)
			args.addAll(List.of("-map", "[a]", "-c:a", "aac", "-aac_coder", "fast", "-b:a", variant.kbps() + "k", "-ac",
					String.valueOf(variant.channels())));
			if (variant.equals(PROGRESSIVE)) {
				// the mp4 beside the HLS segments needs the encoder's global header
				args.addAll(List.of("-flags:a", "+global_header", "-f", "tee", "[f=hls:hls_time=" + SEGMENT_SECONDS
						+ ":hls_playlist_type=vod:hls_segment_type=fmp4:hls_flags=single_file:hls_segment_filename="
						+ teeEscaped(teeEscaped(media)) + "]" + teeEscaped("file:" + playlist)
						+ "|[f=mp4:movflags=+faststart]" + teeEscaped("file:" + out.resolve("audio.m4a"))));
			}
			else {
				args.addAll(List.of("-f", "hls", "-hls_time", String.valueOf(SEGMENT_SECONDS), "-hls_playlist_type",
						"vod", "-hls_segment_type", "fmp4", "-hls_flags", "single_file", "-hls_segment_filename", media,
						"file:" + playlist));
			}
			if (last) {
				args.addAll(List.of("-map", "[peaks]", "-ac", "1", "-ar", String.valueOf(PEAK_SAMPLE_RATE), "-f",
						"s16le", "pipe:1"));
			}
			passes.add(args);
		}
		return passes;
	}

	/** The filter that brings the recording to {@link #LOUDNESS_LUFS}. */
	static String levelFilter(Loudness loudness) {
		if (loudness == null) {
			return "loudnorm=I=" + (int) LOUDNESS_LUFS + ":TP=" + TRUE_PEAK_DBTP + ":LRA=11";
		}
		if (!loudness.audible()) {
			return "anull";
		}
		double gain = loudness.gainTo(LOUDNESS_LUFS);
		String volume = String.format(Locale.ROOT, "volume=%.2fdB", gain);
		if (loudness.truePeakDbtp() + gain <= TRUE_PEAK_DBTP) {
			return volume;
		}
		// the gain would push the loudest peaks past the ceiling: a limiter holds them
		// there, touching only those moments
		return volume
				+ String.format(Locale.ROOT, ",alimiter=limit=%.4f:level=false", Math.pow(10, TRUE_PEAK_DBTP / 20));
	}

	/**
	 * A tee muxer's file name, its special characters escaped; an option value is read
	 * through one more level of escaping, so it is escaped twice.
	 */
	static String teeEscaped(String value) {
		return value.replaceAll("([\\\\:|\\[\\]])", "\\\\$1");
	}

	/**
	 * Transcodes {@code originalKey} into {@code folder}; returns the renditions' keys.
	 */
	public Renditions transcode(String originalKey, String folder, double durationSeconds, Loudness loudness) {
		Path out = this.store.folder(folder);
		try {
			for (Renditions.Variant variant : VARIANTS) {
				Files.createDirectories(out.resolve(variant.playlist()).getParent());
			}
			List<Float> peaks = new ArrayList<>();
			// ffmpeg runs at tens of times real time; a minute of slack for a busy
			// machine
			Duration timeout = Duration.ofSeconds(60 + (long) durationSeconds);
			Path original = this.store.resolve(originalKey);
			List<List<String>> passes = passes(out, loudness);
			List<Future<?>> others = new ArrayList<>();
			try {
				for (List<String> pass : passes.subList(0, passes.size() - 1)) {
					others.add(
							this.sideBySide.submit(() -> this.ffmpeg.ffmpeg(original, List.of(), pass, timeout, null)));
				}
				this.ffmpeg.ffmpeg(original, List.of(), passes.get(passes.size() - 1), timeout,
						(stdout) -> readPeaks(stdout, peaks));
				for (Future<?> other : others) {
					other.get();
				}
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof RuntimeException failure) {
					throw failure;
				}
				throw new IllegalStateException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RetryableException("Interrupted while transcoding", ex);
			}
			finally {
				// a failed or interrupted pass: the others' ffmpeg processes stop too
				others.forEach((other) -> other.cancel(true));
			}
			Files.writeString(out.resolve("master.m3u8"), masterPlaylist(), StandardCharsets.UTF_8);
			Files.writeString(out.resolve("peaks.json"), peaksJson(peaks), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Renditions.Variant> variants = VARIANTS.stream()
			.map((v) -> new Renditions.Variant(v.kbps(), v.channels(), MediaStore.key(folder, v.playlist())))
			.toList();
		return new Renditions(MediaStore.key(folder, "master.m3u8"), variants, MediaStore.key(folder, "audio.m4a"),
				MediaStore.key(folder, "peaks.json"), SEGMENT_SECONDS, LOUDNESS_LUFS);
	}

	static String masterPlaylist() {
		// version 7: the variants' playlists map fragmented MP4 by byte ranges
		StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n");
		for (Renditions.Variant variant : VARIANTS) {
			// BANDWIDTH is the peak rate: the audio's, with room for its variable rate
			// and the fragments' boxes
			master.append("#EXT-X-STREAM-INF:BANDWIDTH=")
				.append(variant.kbps() * 1000 * 110 / 100)
				.append(",CODECS=\"mp4a.40.2\"\n")
				.append(variant.playlist())
				.append('\n');
		}
		return master.toString();
	}

	/** The loudest sample of every tenth of a second, 0 to 1. */
	private static void readPeaks(InputStream stdout, List<Float> peaks) {
		int window = PEAK_SAMPLE_RATE / PEAKS_PER_SECOND;
		try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stdout, 64 * 1024))) {
			int count = 0;
			int max = 0;
			while (true) {
				int low;
				int high;
				try {
					low = in.readUnsignedByte();
					high = in.readByte();
				}
				catch (EOFException ex) {
					break;
				}
				max = Math.max(max, Math.abs((high << 8) | low));
				if (++count == window) {
					peaks.add(Math.min(1f, max / 32768f));
					count = 0;
					max = 0;
				}
			}
			if (count > 0) {
				peaks.add(Math.min(1f, max / 32768f));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String peaksJson(List<Float> peaks) {
		StringBuilder json = new StringBuilder("{\"perSecond\":").append(PEAKS_PER_SECOND).append(",\"peaks\":[");
		for (int i = 0; i < peaks.size(); i++) {
			json.append((i > 0) ? "," : "").append(Math.round(peaks.get(i) * 1000) / 1000.0);
		}
		return json.append("]}").toString();
	}

}
