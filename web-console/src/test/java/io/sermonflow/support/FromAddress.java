package io.sermonflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP requests from a chosen loopback address (127.0.0.2, 127.0.0.3, …), so one test can
 * play several clients, as the application sees them by their address.
 */
public final class FromAddress {

	private final String source;

	private final int port;

	private FromAddress(String source, int port) {
		this.source = source;
		this.port = port;
	}

	public static FromAddress of(String source, int port) {
		return new FromAddress(source, port);
	}

	/** A GET with HTTP Basic credentials; returns the status and the response headers. */
	public Response get(String path, String user, String password, Map<String, String> headers) throws IOException {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
		return send("GET " + path, all);
	}

	public Response get(String path, String user, String password) throws IOException {
		return get(path, user, password, Map.of());
	}

	/** A GET without credentials. */
	public Response get(String path, Map<String, String> headers) throws IOException {
		return send("GET " + path, headers);
	}

	private Response send(String requestLine, Map<String, String> headers) throws IOException {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(this.source), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 10_000);
			socket.setSoTimeout(30_000);
			// a Host among the headers replaces the real one, as a forging client would
			// send it
			StringBuilder request = new StringBuilder(requestLine + " HTTP/1.1\r\nHost: "
					+ headers.getOrDefault("Host", "127.0.0.1:" + this.port) + "\r\nConnection: close\r\n");
			headers.forEach((name, value) -> {
				if (!name.equals("Host")) {
					request.append(name).append(": ").append(value).append("\r\n");
				}
			});
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
			String[] lines = head.split("\r\n");
			Map<String, String> responseHeaders = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					responseHeaders.merge(lines[i].substring(0, colon).strip().toLowerCase(),
							lines[i].substring(colon + 1).strip(), (first, next) -> first + "\n" + next);
				}
			}
			int bodyAt = response.indexOf("\r\n\r\n");
			return new Response(Integer.parseInt(lines[0].split(" ")[1]), responseHeaders,
					(bodyAt < 0) ? "" : response.substring(bodyAt + 4));
		}
	}

	/**
	 * A response's status, headers (names in lower case; a repeated header's values one
	 * per line) and body as received (chunked framing left in).
	 */
	public record Response(int status, Map<String, String> headers, String body) {
	}

}
