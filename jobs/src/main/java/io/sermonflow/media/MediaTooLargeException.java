package io.sermonflow.media;

import io.sermonflow.error.PermanentException;

/** More bytes than the upload cap allows; nothing of it is kept. */
public class MediaTooLargeException extends PermanentException {

	public MediaTooLargeException(long maxBytes) {
		super("The file is larger than the upload limit of " + (maxBytes / (1024 * 1024)) + " MiB");
	}

}
