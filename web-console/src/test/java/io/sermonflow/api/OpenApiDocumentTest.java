package io.sermonflow.api;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

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
