package io.sermonflow.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.sermonflow.security.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies on {@code /api/**} other than uploads at
 * {@code SERMONFLOW_MAX_JSON_KB} before anything parses them: a declared length over the
 * cap gets a 413 problem at once, before authentication; a body that streams past it
 * (chunked) is read up to the cap and answered the same way. Uploads have their own cap
 * ({@code SERMONFLOW_MAX_UPLOAD_MB}), and so has series artwork (5 MB).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class JsonBodyLimit extends OncePerRequestFilter {

	private final long maxBytes;

	JsonBodyLimit(@Value("${sermonflow.max-json-kb:1024}") long maxKilobytes) {
		this.maxBytes = maxKilobytes * 1024;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		String uri = request.getRequestURI();
		return !uri.startsWith(request.getContextPath() + "/api/")
				|| (contentType != null && contentType.toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE))
				// series artwork has its own cap (Catalog)
				|| (contentType != null && contentType.toLowerCase().startsWith("image/")
						&& uri.matches(".*/api/series/[^/]+/artwork"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			ProblemWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
					detail(this.maxBytes));
			return;
		}
		// a body without a declared length (chunked) is read up to the cap first, so one
		// that streams past it is refused the same way, before any parser sees it
		byte[] body = request.getInputStream().readNBytes((int) this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			ProblemWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
					detail(this.maxBytes));
			return;
		}
		chain.doFilter(new Buffered(request, body), response);
	}

	static String detail(long maxBytes) {
		return "The request body is over " + (maxBytes / 1024)
				+ " KiB (SERMONFLOW_MAX_JSON_KB); nothing was read. Send large data by reference: store it and "
				+ "pass its key or URL.";
	}

	/** A request whose body, within the cap, was read already. */
	private static final class Buffered extends HttpServletRequestWrapper {

		private final byte[] body;

		Buffered(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("a buffered body is read blocking");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

}
