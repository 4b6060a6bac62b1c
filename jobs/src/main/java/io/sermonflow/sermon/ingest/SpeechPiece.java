package io.sermonflow.sermon.ingest;

/**
 * One piece of a recording to transcribe, as {@code split_speech} lists them: seconds
 * from the start, and when the cut began (epoch milliseconds: the transcription's start,
 * for its real-time factor).
 */
record SpeechPiece(int index, double start, double end, long cutAt) {
}
