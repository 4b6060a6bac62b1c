package io.sermonflow.config;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code SERMONFLOW_LOG_FORMAT}: {@code text} (the default, for people), or {@code ecs}
 * or {@code logstash} JSON lines (Spring Boot's structured logging) for a log pipeline.
 * Each JSON line carries the log context: {@code runId}, {@code taskId}, {@code traceId}
 * and {@code spanId} in every line written during a task. Runs before logging starts, so
 * an unknown format stops start-up, naming the setting.
 */
public class LogFormat implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "sermonflow.log-format";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty(PROPERTY, "text").strip().toLowerCase(Locale.ROOT);
		switch (format) {
			case "", "text" -> {
			}
			case "ecs",
					"logstash" ->
				environment.getPropertySources()
					.addFirst(new MapPropertySource("sermonflow-log-format",
							Map.of("logging.structured.format.console", format)));
			default ->
				throw new IllegalStateException("SERMONFLOW_LOG_FORMAT is '" + format + "'; use text, ecs or logstash");
		}
	}

	@Override
	public int getOrder() {
		// after the configuration files and arguments are read, before logging starts
		return Ordered.LOWEST_PRECEDENCE;
	}

}
