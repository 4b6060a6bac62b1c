package io.sermonflow.listen;

/**
 * One byte range of a {@code Range} header (RFC 9110 §14), resolved against a file's
 * size. Only a single range is honoured: several ranges are answered with the whole file,
 * which the RFC allows and which can never be made larger than the file by overlapping
 * ranges. A header that is not a valid byte range is ignored, as the RFC says.
 */
record ByteRange(long first, long last) {

	/** The header asks for nothing the file has: answered 416. */
	static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

	long length() {
		return this.last - this.first + 1;
	}

	/** The range asked for, {@link #UNSATISFIABLE}, or null for the whole file. */
	static ByteRange parse(String header, long size) {
		if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
			return null;
		}
		String spec = header.substring(6).strip();
		int dash = spec.indexOf('-');
		if (dash < 0 || spec.length() > 40) {
			return null;
		}
		String from = spec.substring(0, dash).strip();
		String to = spec.substring(dash + 1).strip();
		if (!from.matches("\\d{0,19}") || !to.matches("\\d{0,19}") || (from.isEmpty() && to.isEmpty())) {
			return null;
		}
		try {
			if (from.isEmpty()) {
				long suffix = Long.parseLong(to);
				if (suffix == 0 || size == 0) {
					return UNSATISFIABLE;
				}
				return new ByteRange(Math.max(0, size - suffix), size - 1);
			}
			long first = Long.parseLong(from);
			long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
			if (last < first) {
				return null;
			}
			if (first >= size) {
				return UNSATISFIABLE;
			}
			return new ByteRange(first, Math.min(last, size - 1));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
