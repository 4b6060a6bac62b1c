package io.sermonflow.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** A small HTTP client for the running application, as an integrator would call it. */
public final class Api {

	public static final String ADMIN_PASSWORD = "test-admin-password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base;

	private final String authorization;

	private Api(String base, String authorization) {
		this.base = base;
		this.authorization = authorization;
	}

	public static Api anonymous(int port) {
		return new Api("http://127.0.0.1:" + port, null);
	}

	public static Api admin(int port) {
		return basic(port, "admin", ADMIN_PASSWORD);
	}

	public static Api basic(int port, String user, String password) {
		return new Api("http://127.0.0.1:" + port, "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
	}

	public static Api bearer(int port, String token) {
		return new Api("http://127.0.0.1:" + port, "Bearer " + token);
	}

	public Reply get(String path) {
		return send(request(path).GET());
	}

	/** A PUT of raw bytes of a content type (an image, say). */
	public Reply putBytes(String path, String contentType, byte[] body) {
		return send(
				request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/** The bytes of a GET, for binary bodies. */
	public byte[] getBytes(String path) {
		try {
			return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Request failed: " + ex, ex);
		}
	}

	public Reply post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** A POST whose body is sent chunked, with no length declared up front. */
	public Reply postChunked(String path, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
	}

	public Reply put(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Reply patch(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
	}

	/** A multipart/form-data POST of text fields and one file part named "file". */
	public Reply upload(String path, java.util.Map<String, String> fields, java.nio.file.Path file) {
		String boundary = "sermonflow-" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		try {
			for (java.util.Map.Entry<String, String> field : fields.entrySet()) {
				body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
						+ "\"\r\n\r\n" + field.getValue() + "\r\n")
					.getBytes(StandardCharsets.UTF_8));
			}
			if (file != null) {
				body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
						+ file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
				body.write(java.nio.file.Files.readAllBytes(file));
				body.write("\r\n".getBytes(StandardCharsets.UTF_8));
			}
			body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		// as curl does for large bodies: the server can refuse an upload over its cap
		// before
		// the body is sent
		return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.expectContinue(true)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	public Reply delete(String path) {
		return send(request(path).DELETE());
	}

	/** Triggers a run of a DAG by hand; returns its id. */
	public String trigger(String dag, String body) {
		Reply reply = post("/api/dags/" + dag + "/runs", body);
		if (reply.status() != 202) {
			throw new AssertionError("trigger " + dag + ": " + reply.status() + " " + reply.body());
		}
		return reply.json().get("runId").asString();
	}

	/**
	 * Waits (up to 90 s: a loaded machine) for a run to reach a state, and returns it.
	 */
	public JsonNode awaitStatus(String runId, String status) {
		await().atMost(Duration.ofSeconds(90))
			.until(() -> status.equals(get("/api/runs/" + runId).json().get("status").asString()));
		return get("/api/runs/" + runId).json();
	}

	/**
	 * A sermon as GET /api/sermons/{id} shows it is public with its transcript and search
	 * entries done: its audio goes public first (listenable first), so PUBLISHED alone
	 * does not say the transcript is there.
	 */
	public static boolean isFullyPublished(JsonNode sermon) {
		return "PUBLISHED".equals(sermon.get("status").asString())
				&& "READY".equals(sermon.get("transcriptState").asString());
	}

	/** A task of a run as GET /api/runs/{id} shows it. */
	public static JsonNode task(JsonNode run, String taskId) {
		for (JsonNode task : run.get("tasks")) {
			if (task.get("id").asString().equals(taskId)) {
				return task;
			}
		}
		throw new AssertionError("no task " + taskId + " in " + run);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body(),
					response.headers().firstValue("Link").orElse(null));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Request failed: " + ex, ex);
		}
	}

	/**
	 * A response: status, content type, redirect target, body and {@code Link} header.
	 */
	public record Reply(int status, String contentType, String location, String body, String link) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
