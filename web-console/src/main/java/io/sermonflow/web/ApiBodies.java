package io.sermonflow.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON request bodies of {@code /api/**}, each with its fields and a working example.
 * The controllers read their bodies as JSON trees, to name a missing or malformed field
 * in a 400 the way API.md promises, so springdoc sees only "some object"; this table
 * describes what they read. {@code OpenApiDocumentTest} checks that every JSON body is
 * described here and that every example fits its schema and carries no field the schema
 * lacks.
 */
final class ApiBodies {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ApiBodies() {
	}

	/**
	 * A request body: its operation ({@code "post /api/events"}), schema and examples.
	 */
	record Body(String method, String path, boolean required, Schema<?> schema, Map<String, String> examples) {
	}

	static List<Body> all() {
		return List.of(
				body("post /api/events", true,
						object("An event: published to the SQS main queue, recorded once by its id")
							.addProperty("name", string("The event's name, such as sermon/uploaded or demo/noop"))
							.addProperty("id",
									string("The idempotency key; generated when absent. The same id again is "
											+ "answered as a duplicate and never starts a second run"))
							.addProperty("data", object("The event's data, handed to the runs it starts"))
							.required(List.of("name")),
						Map.of("demo", """
								{"name":"demo/noop","id":"demo-2027-03-14-1","data":{"tasks":3,"sleepMs":50}}""")),
				body("post /api/dags/{dagId}/runs", false,
						object("A manual run").addProperty("data", object("The run's data, as an event's would be")),
						Map.of("demo", """
								{"data":{"tasks":2,"sleepMs":0}}""")),
				body("post /api/dags/{dagId}/backfill", true,
						object("One run per item, released at a steady rate")
							.addProperty("items",
									new ArraySchema().items(object("One run's data"))
										.description("The runs' data, in order"))
							.addProperty("ratePerMinute",
									new IntegerSchema().minimum(java.math.BigDecimal.ONE)
										.description("Runs released per minute"))
							.required(List.of("items")),
						Map.of("reembed", """
								{"items":[{"tasks":1},{"tasks":2}],"ratePerMinute":60}""")),
				body("post /api/runs/retry", true,
						object("Failed runs to retry: by id, or one failure group as the failures page shows it")
							.addProperty("runIds", strings("Ids of FAILED runs"))
							.addProperty("dag", string("With errorType: the failure group's DAG"))
							.addProperty("errorType", string("With dag: the failure group's error type")),
						Map.of("byId", """
								{"runIds":["0f8c2a4e-6b1d-4c1e-9a7f-3d2b1c0e9f8a"]}""", "byGroup", """
								{"dag":"sermon-ingest","errorType":"RetryableException"}""")),
				body("post /api/sermons", true, object("A sermon fetched from a URL instead of uploaded")
					.addProperty("sourceUrl",
							string("http(s) URL of the recording; refused at once when it does not resolve "
									+ "or resolves to a private address"))
					.addProperty("title", string("The sermon's title"))
					.addProperty("preacher", string("Who preached it"))
					.addProperty("preachedOn", date("The day it was preached"))
					.addProperty("series", string("The series it belongs to"))
					.addProperty("language", string("BCP 47 language of the recording; en when absent"))
					.addProperty("churchId", string("The church it belongs to; a per-church limit keys on it"))
					.required(List.of("sourceUrl", "title", "preacher", "preachedOn")),
						Map.of("fromUrl",
								"""
										{"sourceUrl":"https://media.example.org/2027-03-14.mp3","title":"Grace upon grace",\
										"preacher":"Ruth Okonkwo","preachedOn":"2027-03-14","series":"John","churchId":"grace-fellowship"}""")),
				body("patch /api/sermons/{id}", true,
						object("The fields to change; absent fields stay")
							.addProperty("title", string("The sermon's title"))
							.addProperty("preacher", string("Who preached it"))
							.addProperty("preachedOn", date("The day it was preached"))
							.addProperty("series", string("The series it belongs to"))
							.addProperty("description", string("Show notes for listeners and the podcast feed"))
							.addProperty("publishAt", dateTime("When it goes public (with timeZone for a local time)"))
							.addProperty("timeZone", string("IANA time zone of a local publishAt")),
						Map.of("retitle", """
								{"title":"Grace upon grace","series":"John"}""")),
				body("post /api/sermons/{id}/publish", false,
						object("When to publish; now when absent")
							.addProperty("publishAt", dateTime("When it goes public"))
							.addProperty("timeZone", string("IANA time zone of a local publishAt")),
						Map.of("scheduled", """
								{"publishAt":"2027-03-14T09:00:00Z"}""")),
				body("patch /api/sermons/{id}/transcript", true,
						object("Corrected segments of the transcript at a version (or If-Match)")
							.addProperty("version", new IntegerSchema().description("The transcript version edited"))
							.addProperty("segments",
									new ArraySchema()
										.items(object("A changed segment").addProperty("index", new IntegerSchema())
											.addProperty("text", string("The corrected text"))
											.addProperty("start", new NumberSchema().description("Seconds"))
											.addProperty("end", new NumberSchema().description("Seconds"))
											.addProperty("speaker", string("Who speaks"))
											.required(List.of("index"))))
							.required(List.of("segments")),
						Map.of("fixWord", """
								{"version":3,"segments":[{"index":12,"text":"By grace you have been saved."}]}""")),
				body("post /api/sermons/{id}/transcript/split", true,
						object("Splits a line before one of its words")
							.addProperty("version", new IntegerSchema().description("The transcript version edited"))
							.addProperty("index", new IntegerSchema().description("The line"))
							.addProperty("word", new IntegerSchema().description("The word, from 0"))
							.required(List.of("index", "word")),
						Map.of("split", """
								{"version":3,"index":12,"word":4}""")),
				body("post /api/sermons/{id}/transcript/merge", true,
						object("Merges a line with the next one")
							.addProperty("version", new IntegerSchema().description("The transcript version edited"))
							.addProperty("index", new IntegerSchema().description("The line"))
							.required(List.of("index")),
						Map.of("merge", """
								{"version":3,"index":12}""")),
				body("put /api/sermons/{id}/chapters", true, object("The sermon's chapters, replacing the found ones")
					.addProperty("chapters",
							new ArraySchema().items(object("A chapter")
								.addProperty("start", new NumberSchema().description("Seconds into the audio"))
								.addProperty("title", string("The chapter's title"))
								.required(List.of("start", "title"))))
					.required(List.of("chapters")), Map.of("chapters", """
							{"chapters":[{"start":0,"title":"Welcome"},{"start":312.5,"title":"John 1:14-18"}]}""")),
				body("post /api/sermons/{id}/scripture", true,
						object("A passage the sermon cites")
							.addProperty("reference", string("Written (Romans 8:28) or OSIS (Rom.8.28)"))
							.addProperty("at",
									new NumberSchema().description("Seconds into the audio where it is cited"))
							.required(List.of("reference")),
						Map.of("romans", """
								{"reference":"Romans 8:28","at":754.2}""")),
				body("post /api/sermons/{id}/soundbites", true,
						object("A clip of the sermon to share")
							.addProperty("start", new NumberSchema().description("Seconds into the audio"))
							.addProperty("duration", new NumberSchema().description("Seconds"))
							.addProperty("title", string("What it is about"))
							.required(List.of("start", "duration")),
						Map.of("clip", """
								{"start":754.2,"duration":40,"title":"All things work together"}""")),
				body("post /api/series", true,
						object("A series of sermons").addProperty("name", string("The series' name"))
							.addProperty("description", string("What it is about"))
							.required(List.of("name")),
						Map.of("john", """
								{"name":"The Gospel of John","description":"Twelve weeks in John"}""")),
				body("patch /api/series/{id}", true,
						object("The fields to change").addProperty("name", string("The series' name"))
							.addProperty("description", string("What it is about")),
						Map.of("describe", """
								{"description":"Twelve weeks in John"}""")),
				body("post /api/series/{id}/sermons", true,
						object("Sermons to move into the series").addProperty("sermonIds", strings("The sermons' ids"))
							.required(List.of("sermonIds")),
						Map.of("assign", """
								{"sermonIds":["3b7e9c1a-5d2f-4e8b-a6c0-1f9d8e7c6b5a"]}""")),
				body("patch /api/preachers/{id}", true,
						object("The fields to change").addProperty("name", string("The preacher's name"))
							.addProperty("description", string("A short biography")),
						Map.of("rename", """
								{"name":"Ruth Okonkwo"}""")),
				body("post /api/schedules", true,
						object("A cron schedule that starts runs of a DAG, or a one-shot timer that publishes an event")
							.addProperty("cron", string("Quartz cron expression, such as 0 0 3 ? * SUN"))
							.addProperty("dag", string("With cron: the DAG to run"))
							.addProperty("data", object("With cron: the runs' data"))
							.addProperty("at", dateTime("A one-shot timer's instant, up to at least a year ahead"))
							.addProperty("event", object("With at: the event to publish ({name, id?, data})"))
							.addProperty("timeZone", string("IANA time zone of the cron expression; UTC when absent"))
							.addProperty("misfire",
									new StringSchema()._enum(List.of("fireOnce", "skip"))
										.description("What to do about firings missed while no node ran")),
						Map.of("weekly",
								"""
										{"cron":"0 0 3 ? * SUN","timeZone":"Europe/Amsterdam","dag":"sermon-reembed","data":{}}""",
								"timer",
								"""
										{"at":"2027-11-01T09:00:00Z","event":{"name":"demo/noop","data":{"tasks":1}}}""")),
				body("post /api/dlq/redrive", false,
						object("Dead letters to move back to the main queue; all when empty or absent")
							.addProperty("messageIds", strings("SQS message ids")),
						Map.of("some", """
								{"messageIds":["9e1f6a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"]}""")),
				body("post /api/dlq/{messageId}/redrive", false,
						object("Without a body the letter goes back as it was; with one (ADMIN) its body is replaced")
							.addProperty("body", object("The corrected message: {name, id?, data}")),
						Map.of("corrected",
								"""
										{"body":{"name":"sermon/uploaded","data":{"sermonId":"3b7e9c1a-5d2f-4e8b-a6c0-1f9d8e7c6b5a"}}}""")),
				body("post /api/imports", true, object("An archive import from a podcast feed")
					.addProperty("feedUrl", string("http(s) URL of the RSS feed"))
					.addProperty("limit", new IntegerSchema().description("At most this many items, newest first"))
					.addProperty("since", date("Only items published on or after this day"))
					.addProperty("canary",
							new IntegerSchema().description("Import this many first and wait for a person to continue"))
					.addProperty("seriesFromFeed",
							new BooleanSchema().description("File the sermons in a series " + "named after the feed"))
					.addProperty("churchId", string("The church the sermons belong to"))
					.required(List.of("feedUrl")), Map.of("archive", """
							{"feedUrl":"https://media.example.org/feed.xml","since":"2020-01-01","canary":3}""")),
				body("post /api/users", true,
						object("A staff user").addProperty("username", string("Sign-in name"))
							.addProperty("password", string("At least 12 characters"))
							.addProperty("role", role())
							.required(List.of("username", "password", "role")),
						Map.of("operator", """
								{"username":"ruth","password":"correct horse battery","role":"OPERATOR"}""")),
				body("patch /api/users/{username}", true,
						object("The fields to change").addProperty("role", role())
							.addProperty("password", string("At least 12 characters"))
							.addProperty("disabled",
									new BooleanSchema().description("Signs the user out and keeps " + "them out")),
						Map.of("promote", """
								{"role":"ADMIN"}""")),
				body("post /api/tokens", true,
						object("An API token; its secret is shown once, in the answer")
							.addProperty("name", string("What the token is for, 1-200 characters"))
							.addProperty("role", role())
							.addProperty("expiresAt", dateTime("When it stops working; never when absent"))
							.required(List.of("name", "role")),
						Map.of("importer", """
								{"name":"podcast importer","role":"OPERATOR","expiresAt":"2027-12-31T23:59:59Z"}""")),
				body("post /api/vocabulary", true,
						object("Words the offline engine should know")
							.addProperty("words",
									string("One or more words, such as a preacher's or the church's name"))
							.required(List.of("words")),
						Map.of("names", """
								{"words":"Okonkwo Emmanuel"}""")));
	}

	/** Puts each body into the document, where springdoc left a free-form one. */
	static void describe(OpenAPI openApi) {
		for (Body body : all()) {
			PathItem path = openApi.getPaths().get(body.path());
			Operation operation = (path != null) ? path.readOperationsMap()
				.get(PathItem.HttpMethod.valueOf(body.method().toUpperCase(java.util.Locale.ROOT))) : null;
			if (operation == null) {
				// OpenApiDocumentTest names it: a body described for a route that is gone
				continue;
			}
			MediaType media = new MediaType().schema(body.schema());
			body.examples().forEach((name, example) -> media.addExamples(name, new Example().value(parse(example))));
			RequestBody request = (operation.getRequestBody() != null) ? operation.getRequestBody() : new RequestBody();
			Content content = (request.getContent() != null) ? request.getContent() : new Content();
			content.addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, media);
			operation.setRequestBody(request.required(body.required()).content(content));
		}
	}

	private static Body body(String operation, boolean required, Schema<?> schema, Map<String, String> examples) {
		int space = operation.indexOf(' ');
		return new Body(operation.substring(0, space), operation.substring(space + 1), required, schema,
				new LinkedHashMap<>(examples));
	}

	private static Object parse(String example) {
		return json.readValue(example, Object.class);
	}

	private static Schema<?> object(String description) {
		return new ObjectSchema().description(description);
	}

	private static Schema<?> string(String description) {
		return new StringSchema().description(description);
	}

	private static Schema<?> strings(String description) {
		return new ArraySchema().items(new StringSchema()).description(description);
	}

	private static Schema<?> date(String description) {
		return new StringSchema().format("date").description(description);
	}

	private static Schema<?> dateTime(String description) {
		return new StringSchema().format("date-time").description(description);
	}

	private static Schema<?> role() {
		return new StringSchema()._enum(List.of("VIEWER", "OPERATOR", "ADMIN")).description("The staff role");
	}

}
