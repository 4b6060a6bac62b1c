package io.sermonflow.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A spoken "sermon" for the tests: sentences read by espeak-ng, two seconds of quiet
 * between them, under a little pink noise, as a 44.1 kHz stereo file. {@link #starts}
 * holds when each sentence begins.
 */
public final class Speech {

	public static final List<String> SENTENCES = List.of("Welcome to our Sunday service.",
			"Today we talk about grace and forgiveness.", "Love your neighbour as yourself.",
			"The kingdom of heaven is like a mustard seed.", "Let us pray together now.");

	private Speech() {
	}

	/** Writes the recording ({@code repeat} rounds of the sentences) to {@code file}. */
	public static List<Double> record(Path dir, Path file, int repeat) {
		List<Path> parts = new ArrayList<>();
		List<Double> starts = new ArrayList<>();
		double at = 0;
		int n = 0;
		for (int round = 0; round < repeat; round++) {
			for (String sentence : SENTENCES) {
				Path raw = dir.resolve("s" + n + ".wav");
				TestAudio.run(List.of("espeak-ng", "-v", "en-us", "-s", "130", "-w", raw.toString(), sentence));
				Path padded = dir.resolve("p" + n++ + ".wav");
				TestAudio.run(List.of("sox", "-R", raw.toString(), "-r", "16000", "-c", "1", padded.toString(), "pad",
						"0", "2"));
				starts.add(at);
				at += Double.parseDouble(TestAudio.run(List.of("soxi", "-D", padded.toString())).strip());
				parts.add(padded);
			}
		}
		Path speech = dir.resolve("speech.wav");
		List<String> concat = new ArrayList<>(List.of("sox", "-R"));
		parts.forEach((part) -> concat.add(part.toString()));
		concat.add(speech.toString());
		TestAudio.run(concat);
		TestAudio.ffmpeg("-i", speech.toString(), "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.01:seed=7",
				"-filter_complex", "[0:a][1:a]amix=inputs=2:duration=first:normalize=0", "-ar", "44100", "-ac", "2",
				"-y", file.toString());
		return starts;
	}

}
