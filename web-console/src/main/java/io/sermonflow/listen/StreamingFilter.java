package io.sermonflow.listen;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The fast path for listener files. A player asks for a segment every few seconds, and
 * each request through Spring MVC, Spring Security and request observation cost more CPU
 * than sending the segment. Requests whose raw path is exactly one of the listener URLs
 * (ids, variants and segment names from a fixed alphabet, so no encoded or traversal form
 * can match) and whose method is GET or HEAD are served here; everything else goes on to
 * the usual chains, where the security firewall turns odd paths into 404s.
 */
class StreamingFilter extends OncePerRequestFilter {

	static final Pattern LISTEN = Pattern.compile(
			"/listen/([A-Za-z0-9-]{1,40})/(master\\.m3u8|audio|captions\\.vtt|peaks\\.json|chapters\\.json|transcript\\.(?:vtt|srt|txt|json)|hls/(64k|128k)/(index\\.m3u8|audio\\.mp4|segment_\\d{5}\\.ts))");

	private final Streaming streaming;

	StreamingFilter(Streaming streaming) {
		this.streaming = streaming;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getMethod();
		Matcher path = LISTEN.matcher(request.getRequestURI());
		if (!("GET".equals(method) || "HEAD".equals(method)) || !request.getContextPath().isEmpty()
				|| !path.matches()) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader("X-Content-Type-Options", "nosniff");
		String id = path.group(1);
		String file = path.group(2);
		switch (file) {
			case "master.m3u8" -> this.streaming.master(id, request, response);
			case "audio" -> this.streaming.audio(id, request, response);
			case "captions.vtt" -> this.streaming.captions(id, request, response);
			case "peaks.json" -> this.streaming.peaks(id, request, response);
			case "chapters.json" -> this.streaming.chapters(id, request, response);
			case "transcript.vtt", "transcript.srt", "transcript.txt", "transcript.json" ->
				this.streaming.transcript(id, TranscriptFiles.Format.of(file.substring("transcript.".length())),
						"transcript", request, response);
			default -> {
				if ("index.m3u8".equals(path.group(4))) {
					this.streaming.variant(id, path.group(3), request, response);
				}
				else {
					this.streaming.segment(id, path.group(3), path.group(4), request, response);
				}
			}
		}
	}

}
