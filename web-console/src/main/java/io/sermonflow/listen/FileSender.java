package io.sermonflow.listen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Sends one stored file as a static file server would: validators and conditional
 * requests (304, 412), one byte range (206, {@code Content-Range}, 416),
 * {@code If-Range}, HEAD, and the body by Tomcat's sendfile (zero-copy, off the request
 * thread) when the connector offers it, streamed otherwise. Never reads a file into
 * memory.
 */
final class FileSender {

	private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";

	private static final String SENDFILE_NAME = "org.apache.tomcat.sendfile.filename";

	private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";

	private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

	private FileSender() {
	}

	/** What went out: the status, the body's length, and whether a range was asked. */
	record Sent(int status, long bytes, boolean rangeAsked) {

		static final Sent NOT_FOUND = new Sent(404, 0, false);

	}

	static Sent send(HttpServletRequest request, HttpServletResponse response, Path file, String contentType,
			CacheControl cache) throws IOException {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			return Sent.NOT_FOUND;
		}
		if (!attributes.isRegularFile()) {
			return Sent.NOT_FOUND;
		}
		long size = attributes.size();
		long modified = attributes.lastModifiedTime().toMillis();
		String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + "\"";
		response.setContentType(contentType);
		response.setHeader(HttpHeaders.CACHE_CONTROL, cache.getHeaderValue());
		response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
		if (new ServletWebRequest(request, response).checkNotModified(etag, modified)) {
			return new Sent(response.getStatus(), 0, false);
		}
		String rangeHeader = request.getHeader(HttpHeaders.RANGE);
		boolean rangeAsked = rangeHeader != null;
		ByteRange range = null;
		if (rangeAsked && "GET".equals(request.getMethod())
				&& stillTheClientsCopy(request.getHeader(HttpHeaders.IF_RANGE), etag, modified)) {
			range = ByteRange.parse(rangeHeader, size);
		}
		if (range == ByteRange.UNSATISFIABLE) {
			response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
			response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
			response.setContentLength(0);
			return new Sent(416, 0, true);
		}
		long first = 0;
		long length = size;
		if (range != null) {
			first = range.first();
			length = range.length();
			response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
			response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + size);
		}
		response.setContentLengthLong(length);
		if ("HEAD".equals(request.getMethod())) {
			return new Sent(response.getStatus(), 0, rangeAsked);
		}
		if (Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT)) && length > 0) {
			// Tomcat sends it after the request returns; nothing may be written here
			request.setAttribute(SENDFILE_NAME, file.toAbsolutePath().normalize().toString());
			request.setAttribute(SENDFILE_START, first);
			request.setAttribute(SENDFILE_END, first + length);
		}
		else {
			copy(file, first, length, response.getOutputStream());
		}
		return new Sent(response.getStatus(), length, rangeAsked);
	}

	/** Sends bytes made on the fly (a signed playlist, captions) with a validator. */
	static Sent send(HttpServletRequest request, HttpServletResponse response, byte[] body, String contentType,
			CacheControl cache) throws IOException {
		response.setContentType(contentType);
		response.setHeader(HttpHeaders.CACHE_CONTROL, cache.getHeaderValue());
		String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "-"
				+ Integer.toHexString(body.length) + "\"";
		if (new ServletWebRequest(request, response).checkNotModified(etag)) {
			return new Sent(response.getStatus(), 0, false);
		}
		response.setContentLength(body.length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(body);
		}
		return new Sent(response.getStatus(), body.length, false);
	}

	private static void copy(Path file, long first, long length, OutputStream out) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			in.skipNBytes(first);
			byte[] buffer = new byte[64 * 1024];
			long left = length;
			while (left > 0) {
				int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
				if (read < 0) {
					break;
				}
				out.write(buffer, 0, read);
				left -= read;
			}
		}
	}

	/**
	 * If-Range (RFC 9110 §13.1.5): the range stands only while the client's copy is this
	 * file; a weak validator never matches.
	 */
	private static boolean stillTheClientsCopy(String ifRange, String etag, long modified) {
		if (ifRange == null) {
			return true;
		}
		String value = ifRange.strip();
		if (value.startsWith("\"") || value.startsWith("W/")) {
			return value.equals(etag);
		}
		try {
			return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
				.toInstant()
				.getEpochSecond() == modified / 1000;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

}
