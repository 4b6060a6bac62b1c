package io.sermonflow.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi30;
import com.networknt.schema.dialect.OpenApi31;
import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes the API the node really serves: every {@code /api/**}
 * route and method, both security schemes, and problem+json refusals; it and the Swagger
 * UI are for signed-in staff only.
 */
@SermonflowTest
class OpenApiDocumentTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void every_api_route_the_node_serves_is_in_the_document() throws Exception {
		ConsoleSession staff = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		var response = staff.get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode document = JsonMapper.builder().build().readTree(response.body());

		Set<String> served = new TreeSet<>();
		this.mappings.getHandlerMethods().keySet().forEach((info) -> {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (pattern.startsWith("/api/")) {
					for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
						served.add(method.name().toLowerCase(Locale.ROOT) + " "
								+ pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
					}
				}
			}
		});
		Set<String> documented = new TreeSet<>();
		document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			documented.add(operation.getKey() + " " + path.getKey());
		}));
		assertThat(served).hasSizeGreaterThan(40).contains("post /api/events", "get /api/runs/{runId}");
		assertThat(documented).as("documented operations").containsAll(served);

		JsonNode schemes = document.get("components").get("securitySchemes");
		assertThat(schemes.get("basic").get("scheme").asString()).isEqualTo("basic");
		assertThat(schemes.get("bearer").get("scheme").asString()).isEqualTo("bearer");
		JsonNode retry = document.get("paths").get("/api/runs/{runId}/retry").get("post");
		assertThat(retry.get("responses").get("409").get("content").get("application/problem+json")).isNotNull();
		assertThat(document.get("components").get("schemas").get("Problem").get("properties").has("detail")).isTrue();
	}

	@Test
	void every_json_body_is_described_with_examples_that_fit_its_schema_and_work() throws Exception {
		ConsoleSession staff = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		JsonNode document = JsonMapper.builder().build().readTree(staff.get("/v3/api-docs").body());
		SchemaRegistry schemas = SchemaRegistry.withDialect(document.get("openapi").asString().startsWith("3.1")
				? OpenApi31.getInstance() : OpenApi30.getInstance());

		Set<String> described = new TreeSet<>();
		List<String> faults = new ArrayList<>();
		document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			String name = operation.getKey() + " " + path.getKey();
			JsonNode media = operation.getValue().path("requestBody").path("content").path("application/json");
			if (media.isMissingNode()) {
				return;
			}
			described.add(name);
			JsonNode schema = media.get("schema");
			if (!schema.has("properties")) {
				faults.add(name + ": its JSON body is not described (no properties)");
			}
			if (!media.has("examples") || media.get("examples").isEmpty()) {
				faults.add(name + ": no example");
				return;
			}
			Schema validator = schemas.getSchema(schema.toString());
			media.get("examples").properties().forEach((example) -> {
				JsonNode value = example.getValue().get("value");
				validator.validate(value)
					.forEach((error) -> faults.add(name + " example " + example.getKey() + ": " + error));
				value.propertyNames()
					.stream()
					.filter((field) -> !schema.get("properties").has(field))
					.forEach((field) -> faults
						.add(name + " example " + example.getKey() + ": field " + field + " is not in the schema"));
			});
		}));
		assertThat(faults).isEmpty();
		assertThat(described).as("every body ApiBodies describes is a route the node serves")
			.containsAll(ApiBodies.all().stream().map((body) -> body.method() + " " + body.path()).toList())
			.contains("post /api/events", "post /api/schedules", "post /api/tokens");

		// and the examples work: the event and the manual run are accepted as documented
		Api api = Api.admin(this.port);
		JsonNode events = document.get("paths").get("/api/events").get("post");
		JsonNode event = events.get("requestBody").get("content").get("application/json").get("examples");
		JsonNode sent = event.properties().iterator().next().getValue().get("value");
		assertThat(api.post("/api/events", sent.toString()).status()).isEqualTo(202);
		JsonNode run = document.get("paths")
			.get("/api/dags/{dagId}/runs")
			.get("post")
			.get("requestBody")
			.get("content")
			.get("application/json")
			.get("examples");
		assertThat(api
			.post("/api/dags/demo-noop/runs", run.properties().iterator().next().getValue().get("value").toString())
			.status()).isEqualTo(202);
	}

	@Test
	void every_answer_is_described_by_a_schema_and_the_node_answers_as_described() throws Exception {
		ConsoleSession staff = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		JsonNode document = JsonMapper.builder().build().readTree(staff.get("/v3/api-docs").body());
		JsonNode components = document.get("components").get("schemas");

		List<String> faults = new ArrayList<>();
		int described = 0;
		for (var path : document.get("paths").properties()) {
			if (!path.getKey().startsWith("/api/")) {
				continue;
			}
			for (var operation : path.getValue().properties()) {
				for (var response : operation.getValue().path("responses").properties()) {
					if (!response.getKey().startsWith("2")) {
						continue;
					}
					for (var media : response.getValue().path("content").properties()) {
						String fault = freeForm(media.getValue().get("schema"), components);
						if (fault != null) {
							faults
								.add(operation.getKey() + " " + path.getKey() + " " + response.getKey() + ": " + fault);
						}
						described++;
					}
				}
			}
		}
		assertThat(faults).isEmpty();
		assertThat(described).isGreaterThan(40);

		// what the node really answers fits what the document says
		Api api = Api.admin(this.port);
		String runId = api.trigger("demo-noop", "{\"data\":{\"tasks\":1,\"sleepMs\":0}}");
		SchemaRegistry schemas = SchemaRegistry.withDialect(document.get("openapi").asString().startsWith("3.1")
				? OpenApi31.getInstance() : OpenApi30.getInstance());
		for (String[] call : new String[][] { { "/api/dags", "/api/dags" }, { "/api/runs?limit=5", "/api/runs" },
				{ "/api/runs/" + runId, "/api/runs/{runId}" }, { "/api/schedules", "/api/schedules" },
				{ "/api/vocabulary", "/api/vocabulary" }, { "/api/series", "/api/series" },
				{ "/api/preachers", "/api/preachers" }, { "/api/nodes", "/api/nodes" },
				{ "/api/sermons", "/api/sermons" }, { "/api/imports", "/api/imports" }, { "/api/dlq", "/api/dlq" },
				{ "/api/users", "/api/users" } }) {
			Api.Reply answer = api.get(call[0]);
			assertThat(answer.status()).as(call[0]).isEqualTo(200);
			JsonNode schema = document.get("paths")
				.get(call[1])
				.get("get")
				.get("responses")
				.get("200")
				.get("content")
				.properties()
				.iterator()
				.next()
				.getValue()
				.get("schema");
			ObjectNode withComponents = JSON.createObjectNode();
			withComponents.putArray("allOf").add(schema);
			withComponents.set("components", document.get("components"));
			schemas.getSchema(withComponents.toString())
				.validate(answer.json())
				.forEach((error) -> faults.add("GET " + call[0] + ": " + error));
		}
		assertThat(faults).isEmpty();
	}

	/** Why a response schema says nothing of its fields, or null when it does. */
	private static String freeForm(JsonNode schema, JsonNode components) {
		if (schema == null) {
			return "no schema";
		}
		if (schema.has("$ref")) {
			String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
			JsonNode target = components.get(name);
			return (target != null) ? freeForm(target, components) : "a reference to no schema: " + name;
		}
		if (schema.has("allOf") || schema.has("oneOf") || schema.has("anyOf") || schema.has("properties")) {
			return null;
		}
		String type = schema.path("type").isArray() ? schema.get("type").get(0).asString()
				: schema.path("type").asString("");
		return switch (type) {
			case "array" -> freeForm(schema.get("items"), components);
			case "object" ->
				schema.path("additionalProperties").isObject() && !schema.get("additionalProperties").isEmpty() ? null
						: "a free-form object";
			case "string", "integer", "number", "boolean" -> null;
			default -> "no type: " + schema;
		};
	}

	@Test
	void the_document_and_the_swagger_ui_are_for_signed_in_staff() {
		ConsoleSession anonymous = ConsoleSession.anonymous(this.port);
		assertThat(anonymous.get("/v3/api-docs").statusCode()).isEqualTo(302);
		assertThat(anonymous.get("/swagger-ui/index.html").statusCode()).isEqualTo(302);
		ConsoleSession staff = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		var ui = staff.get("/swagger-ui/index.html");
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
	}

}
