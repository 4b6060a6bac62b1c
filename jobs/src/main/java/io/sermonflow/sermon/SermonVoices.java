package io.sermonflow.sermon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.media.Ffmpeg;
import io.sermonflow.media.MediaStore;
import io.sermonflow.transcript.SpeechAudio;
import io.sermonflow.transcript.Transcript;
import io.sermonflow.transcript.voice.PreacherVoices;
import io.sermonflow.transcript.voice.VoiceAdaptation;
import io.sermonflow.files.Folders;

import org.springframework.stereotype.Service;

/**
 * The task that adapts a preacher's voice once staff approve one of their transcripts:
 * the approved text of their latest approved sermons, cut into its timed segments with
 * the matching audio, adapts the offline engine's acoustic model to that preacher, and
 * their next sermons are heard with it. Only approved text counts: the engine's own
 * unchecked guesses would teach it its mistakes.
 */
@Service
public class SermonVoices {

	/** Enough speech for MAP adaptation to settle; more only costs time. */
	static final Duration MOST_SPEECH = Duration.ofMinutes(40);

	static final int MOST_SERMONS = 10;

	private static final int RATE = SpeechAudio.SAMPLE_RATE;

	private final JdbcSermonStore sermons;

	private final MediaStore media;

	private final Ffmpeg ffmpeg;

	private final PreacherVoices voices;

	SermonVoices(JdbcSermonStore sermons, MediaStore media, Ffmpeg ffmpeg, PreacherVoices voices) {
		this.sermons = sermons;
		this.media = media;
		this.ffmpeg = ffmpeg;
		this.voices = voices;
	}

	public Map<String, Object> adaptVoice(TaskContext context) {
		String sermonId = SermonTasks.sermonId(context);
		if (!Boolean.TRUE.equals(context.data().get("approved"))) {
			return Map.of("adapted", false, "why", "only an approval adapts the preacher's voice");
		}
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new PermanentException("There is no sermon " + sermonId));
		if (sermon.preacherId() == null) {
			return Map.of("adapted", false, "why", "the sermon names no preacher");
		}
		if (sermon.language() != null && !sermon.language().toLowerCase(java.util.Locale.ROOT).startsWith("en")) {
			return Map.of("adapted", false, "why", "the offline engine's model is English");
		}
		Path work = null;
		try {
			work = Files.createTempDirectory("sermonflow-voice-cuts-");
			List<VoiceAdaptation.Utterance> utterances = new ArrayList<>();
			double seconds = 0;
			int used = 0;
			for (Sermon approved : this.sermons.listApprovedByPreacher(sermon.preacherId(), MOST_SERMONS)) {
				if (seconds >= MOST_SPEECH.toSeconds() || approved.originalKey() == null) {
					break;
				}
				List<Transcript.Segment> segments = this.sermons.transcript(approved.id())
					.map(Transcript::segments)
					.orElse(List.of());
				if (segments.isEmpty()) {
					continue;
				}
				byte[] pcm = SpeechAudio.pcm(this.ffmpeg, this.media.resolve(approved.originalKey()));
				for (Transcript.Segment segment : segments) {
					double length = segment.end() - segment.start();
					if (length < 1.5 || length > 40 || segment.text() == null || segment.text().isBlank()) {
						continue;
					}
					Path wav = work.resolve("s" + utterances.size() + ".wav");
					if (writeWav(wav, pcm, segment.start(), segment.end())) {
						utterances.add(new VoiceAdaptation.Utterance(wav, segment.text()));
						seconds += length;
					}
				}
				used++;
			}
			if (utterances.isEmpty()) {
				return Map.of("adapted", false, "why", "no approved speech of this preacher to adapt from");
			}
			VoiceAdaptation.Adapted adapted = this.voices.adapt(sermon.preacherId(), utterances);
			context.log(String.format(java.util.Locale.ROOT,
					"adapted %s's voice from %d approved segments (%.0f s) of %d sermon(s); %d left out (words the"
							+ " dictionary cannot spell)",
					sermon.preacher(), adapted.utterances(), adapted.seconds(), used, adapted.skipped()));
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("adapted", true);
			result.put("sermons", used);
			result.put("segments", adapted.utterances());
			result.put("seconds", Math.round(adapted.seconds()));
			return result;
		}
		catch (IOException ex) {
			throw new RetryableException("Adapting the preacher's voice failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while adapting the preacher's voice", ex);
		}
		finally {
			Folders.deleteQuietly(work);
		}
	}

	/**
	 * The span of the PCM as a WAV file; false when less than a second of it is there.
	 */
	static boolean writeWav(Path wav, byte[] pcm, double start, double end) throws IOException {
		int from = Math.max(0, (int) (start * RATE) * 2);
		int to = Math.min(pcm.length, (int) (end * RATE) * 2);
		if (to - from < RATE) {
			return false;
		}
		Files.write(wav, SpeechAudio.wav(pcm, from, to));
		return true;
	}

}
