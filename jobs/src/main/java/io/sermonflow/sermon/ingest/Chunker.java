package io.sermonflow.sermon.ingest;

import java.util.ArrayList;
import java.util.List;

import io.sermonflow.sermon.TranscriptChunk;
import io.sermonflow.transcript.Transcript;

/**
 * Cuts a transcript into time windows of about 45 s that overlap by about 10 s, at
 * segment boundaries, so a phrase near a window's edge is whole in one of them. The same
 * transcript always gives the same chunks, which is what makes their ids deterministic.
 */
public final class Chunker {

	static final double WINDOW_SECONDS = 45;

	static final double OVERLAP_SECONDS = 10;

	private Chunker() {
	}

	public static List<TranscriptChunk> chunks(Transcript transcript) {
		List<Transcript.Segment> segments = transcript.segments();
		List<TranscriptChunk> chunks = new ArrayList<>();
		int first = 0;
		while (first < segments.size()) {
			int last = first;
			while (last + 1 < segments.size()
					&& segments.get(last + 1).end() - segments.get(first).start() <= WINDOW_SECONDS) {
				last++;
			}
			StringBuilder text = new StringBuilder();
			for (int i = first; i <= last; i++) {
				text.append((text.length() > 0) ? " " : "").append(segments.get(i).text());
			}
			chunks.add(new TranscriptChunk(chunks.size(), segments.get(first).start(), segments.get(last).end(),
					text.toString()));
			if (last + 1 >= segments.size()) {
				break;
			}
			// the next window starts at the first segment of this one's last 10 s
			int next = last + 1;
			while (next - 1 > first && segments.get(last).end() - segments.get(next - 1).start() <= OVERLAP_SECONDS) {
				next--;
			}
			first = next;
		}
		return chunks;
	}

}
