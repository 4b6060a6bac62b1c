package io.sermonflow.web;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of {@code /api/**} at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}, for signed-in staff): both ways to authenticate, and the
 * problem+json body every refusal carries, on every operation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "Problem";

	/** The refusals any operation may answer, with what each means here. */
	private static final Map<String, String> REFUSALS = Map.of("400",
			"The request is malformed or a field is missing or invalid; detail names it", "401",
			"Missing or bad credentials (HTTP Basic for staff, or a Bearer API token)", "403",
			"The credentials' role is too low for this action", "404", "No such resource", "409",
			"The action does not apply to the resource's current state; detail names the state", "413",
			"The body is over its limit (SERMONFLOW_MAX_JSON_KB, SERMONFLOW_MAX_UPLOAD_MB)", "429",
			"Too many requests from this client; Retry-After says when to come back");

	@Bean
	OpenAPI sermonflowOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Sermonflow API")
				.version("1")
				.description("Events, DAGs, runs, sermons, schedules, dead letters, users and tokens. "
						+ "JSON everywhere; errors are application/problem+json; instants are UTC ISO-8601."))
			.components(new Components()
				.addSecuritySchemes("basic",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("A staff user's name and password"))
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("An API token (POST /api/tokens), shown once when created")))
			.addSecurityItem(new SecurityRequirement().addList("basic"))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/**
	 * Adds the problem+json refusals to every operation that does not describe its own.
	 */
	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> {
			// added here, after springdoc has assembled (and pruned) the components
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			ApiBodies.describe(openApi);
			problemResponses(openApi);
		};
	}

	/**
	 * A response field of a reference type (String, Integer, a list, a nested view) may
	 * be null; one of a primitive type never is. The records say which, so the document
	 * does.
	 */
	@Bean
	PropertyCustomizer referenceFieldsMayBeNull() {
		return (property, type) -> (property == null || primitive(type.getType())) ? property : mayBeNull(property);
	}

	private static boolean primitive(Type type) {
		if (type instanceof Class<?> raw) {
			return raw.isPrimitive();
		}
		return (type instanceof JavaType javaType) && javaType.isPrimitive();
	}

	private static Schema<?> mayBeNull(Schema<?> property) {
		if (property.get$ref() != null) {
			List<Schema> either = List.of(new Schema<>().$ref(property.get$ref()),
					new Schema<>().types(Set.of("null")));
			return new Schema<>().anyOf(either).description(property.getDescription());
		}
		if (property.getTypes() == null || property.getTypes().isEmpty()) {
			if (property.getType() == null) {
				return property;
			}
			property.addType(property.getType());
		}
		property.addType("null");
		return property;
	}

	private static void problemResponses(OpenAPI openApi) {
		openApi.getPaths()
			.values()
			.forEach((path) -> path.readOperations()
				.forEach((operation) -> REFUSALS.forEach((status, meaning) -> operation.getResponses()
					.addApiResponse(status, new ApiResponse().description(meaning)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))))));
	}

	private static Schema<?> problemSchema() {
		Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().description("A URI naming the kind of problem"))
			.addProperty("title", new StringSchema().description("A short summary of the problem"))
			.addProperty("status", new IntegerSchema().description("The HTTP status"))
			.addProperty("detail", new StringSchema().description("What went wrong and what to do, for a person"))
			.addProperty("instance", new StringSchema().description("The request path"));
		problem.setRequired(List.of("title", "status"));
		return problem;
	}

}
