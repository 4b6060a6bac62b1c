package io.sermonflow.support;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session with the console over real HTTP: a cookie jar, the CSRF token of
 * the last page, form posts that carry it.
 */
public final class ConsoleSession {

	private static final Pattern FORM_TOKEN = Pattern
		.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

	private static final Pattern META_TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base;

	private String csrf;

	private ConsoleSession(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** A visitor who has not signed in, holding the login page's token. */
	public static ConsoleSession anonymous(int port) {
		ConsoleSession session = new ConsoleSession(port);
		session.get("/login");
		return session;
	}

	public static ConsoleSession signIn(int port, String username, String password) {
		ConsoleSession session = anonymous(port);
		HttpResponse<String> login = session.post("/login",
				"username=" + encode(username) + "&password=" + encode(password));
		String location = login.headers().firstValue("Location").orElse("");
		if (login.statusCode() != 302 || !location.endsWith("/console")) {
			throw new IllegalStateException(
					"sign-in as " + username + " failed: " + login.statusCode() + " " + location);
		}
		session.get("/console");
		return session;
	}

	/** The last sign-in attempt's redirect target, for tests of refusals. */
	public static String signInRedirect(int port, String username, String password) {
		ConsoleSession session = anonymous(port);
		return session.post("/login", "username=" + encode(username) + "&password=" + encode(password))
			.headers()
			.firstValue("Location")
			.orElse("");
	}

	public HttpResponse<String> get(String path) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build());
		Matcher meta = META_TOKEN.matcher(response.body());
		Matcher form = FORM_TOKEN.matcher(response.body());
		if (meta.find()) {
			this.csrf = meta.group(1);
		}
		else if (form.find()) {
			this.csrf = (form.group(1) != null) ? form.group(1) : form.group(2);
		}
		return response;
	}

	/** A form post with the session's CSRF token. */
	public HttpResponse<String> post(String path, String form) {
		return postRaw(path, (form.isEmpty() ? "" : form + "&") + "_csrf=" + encode(this.csrf));
	}

	/** A form post exactly as given: no CSRF token unless the form has one. */
	public HttpResponse<String> postRaw(String path, String form) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("request failed: " + ex, ex);
		}
	}

	/** A cookie's value, or null. */
	public String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(java.net.HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * Opens a server-sent event stream as this session; the returned stream's
	 * {@code ended} completes when the server closes it.
	 */
	public Stream stream(String path) {
		try {
			HttpResponse<java.util.stream.Stream<String>> response = this.http.send(
					HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", "text/event-stream").build(),
					HttpResponse.BodyHandlers.ofLines());
			java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
			// a thread of its own: a stream blocks its reader for as long as it is open
			Thread reader = new Thread(() -> {
				try {
					response.body().forEach((line) -> {
					});
				}
				catch (RuntimeException ex) {
					// a reset connection ends the stream as well
				}
				ended.complete(null);
			}, "test-event-stream");
			reader.setDaemon(true);
			reader.start();
			return new Stream(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), ended);
		}
		catch (Exception ex) {
			throw new IllegalStateException("stream failed: " + ex, ex);
		}
	}

	/** An open event stream: its status, type, and when the server ended it. */
	public record Stream(int status, String contentType, java.util.concurrent.CompletableFuture<Void> ended) {
	}

}
