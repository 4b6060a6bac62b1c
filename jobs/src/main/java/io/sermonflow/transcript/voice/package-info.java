/**
 * Preacher voices: the offline engine's acoustic model adapted to one preacher's voice
 * (MAP adaptation with SphinxTrain) from the transcripts staff approved of that
 * preacher's sermons, used for that preacher's next transcriptions.
 */
package io.sermonflow.transcript.voice;
