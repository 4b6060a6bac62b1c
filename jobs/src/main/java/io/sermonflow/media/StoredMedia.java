package io.sermonflow.media;

/** A file in the media store: its key, size and SHA-256 (hex). */
public record StoredMedia(String key, long size, String sha256) {
}
