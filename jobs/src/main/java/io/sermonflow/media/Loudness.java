package io.sermonflow.media;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording's integrated loudness (LUFS) and true peak (dBTP), as ffmpeg's EBU R128
 * meter measured them over the whole decode. The probe's decode reads every sample
 * anyway, so measuring there lets the transcode apply one linear gain instead of running
 * the loudnorm filter, which resamples everything to 192 kHz.
 */
public record Loudness(double integratedLufs, double truePeakDbtp) {

	/** What the meter reports for silence: nothing to normalise. */
	static final double SILENCE_LUFS = -70;

	private static final Pattern SUMMARY = Pattern.compile("\\[Parsed_ebur128_\\d+ @ [^\\]]+\\] Summary:");

	private static final Pattern INTEGRATED = Pattern.compile("(?m)^\\s+I:\\s+(-?\\d+(?:\\.\\d+)?) LUFS$");

	private static final Pattern PEAK = Pattern.compile("(?m)^\\s+Peak:\\s+(-?(?:\\d+(?:\\.\\d+)?|inf)) dBFS$");

	/**
	 * The meter's summary in ffmpeg's log, or null when there is none. Only the last
	 * summary counts: it is written after the whole decode, so text in the file's own
	 * metadata (printed before) cannot stand in for it.
	 */
	static Loudness parse(String stderr) {
		Matcher summary = SUMMARY.matcher(stderr);
		int from = -1;
		while (summary.find()) {
			from = summary.end();
		}
		if (from < 0) {
			return null;
		}
		String tail = stderr.substring(from);
		Matcher integrated = INTEGRATED.matcher(tail);
		Matcher peak = PEAK.matcher(tail);
		if (!integrated.find() || !peak.find()) {
			return null;
		}
		double truePeak = peak.group(1).equals("-inf") ? -120 : Double.parseDouble(peak.group(1));
		return new Loudness(Double.parseDouble(integrated.group(1)), truePeak);
	}

	/** Whether there is sound to bring to a target: silence keeps its level. */
	boolean audible() {
		return this.integratedLufs > SILENCE_LUFS + 1;
	}

	/** The gain that brings the recording to {@code targetLufs}, in dB. */
	double gainTo(double targetLufs) {
		return targetLufs - this.integratedLufs;
	}

}
