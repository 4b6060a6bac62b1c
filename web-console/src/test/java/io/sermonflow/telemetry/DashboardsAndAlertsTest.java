package io.sermonflow.telemetry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's dashboard and alert rules in {@code deploy/}: valid for Prometheus (its
 * own {@code promtool} checks them and runs their unit tests), and every series they
 * chart or alert on is one a node really serves.
 */
@SermonflowTest
class DashboardsAndAlertsTest {

	private static final Path DEPLOY = Path.of("..", "deploy");

	private static final Pattern SERIES = Pattern.compile("\\bsermonflow_[a-z_]+");

	@LocalServerPort
	int port;

	@Test
	void the_alert_rules_pass_promtool_and_their_unit_tests() throws Exception {
		assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 7 rules found");
		assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
	}

	@Test
	void every_series_the_dashboard_and_the_alerts_use_is_served_by_a_node() throws Exception {
		Set<String> used = new TreeSet<>();
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(DEPLOY.resolve("grafana/sermonflow.json")));
		assertThat(dashboard.get("panels").size()).isGreaterThanOrEqualTo(10);
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				used.addAll(series(target.get("expr").asString()));
			}
		}
		used.addAll(series(Files.readString(DEPLOY.resolve("prometheus/alerts.yml"))));
		assertThat(used).contains("sermonflow_run_start_latency_seconds_bucket", "sermonflow_failover_seconds_bucket",
				"sermonflow_media_realtime_factor_sum", "sermonflow_dead_letters", "sermonflow_nodes");

		String scrape = Api.admin(this.port).get("/actuator/prometheus").body();
		Set<String> served = new TreeSet<>();
		scrape.lines().filter((line) -> !line.startsWith("#")).forEach((line) -> served.add(line.split("[{ ]", 2)[0]));
		assertThat(served).as("series a node serves").containsAll(used);
	}

	@Test
	void a_run_records_how_long_it_waited_to_start_and_the_node_counts_itself_alive() {
		Api admin = Api.admin(this.port);
		double before = value(admin, "sermonflow_run_start_latency_seconds_count{", "dag=\"demo-noop\"");
		admin.awaitStatus(admin.trigger("demo-noop", "{\"data\":{\"tasks\":1,\"sleepMs\":0}}"), "SUCCEEDED");
		assertThat(value(admin, "sermonflow_run_start_latency_seconds_count{", "dag=\"demo-noop\""))
			.isEqualTo(before + 1);
		assertThat(value(admin, "sermonflow_runs_finished_total{", "status=\"SUCCEEDED\"", "dag=\"demo-noop\""))
			.isGreaterThanOrEqualTo(1);
		assertThat(value(admin, "sermonflow_nodes{", "state=\"alive\"")).isGreaterThanOrEqualTo(1);
	}

	/** The value of the one scraped series whose line starts so and has every label. */
	private static double value(Api admin, String start, String... labels) {
		return admin.get("/actuator/prometheus")
			.body()
			.lines()
			.filter((line) -> line.startsWith(start) && java.util.Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no series " + start + String.join(",", labels)));
	}

	private static Set<String> series(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = SERIES.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	private static String promtool(String... arguments) throws Exception {
		java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("promtool"));
		command.addAll(java.util.List.of(arguments));
		Process process = new ProcessBuilder(command).directory(DEPLOY.resolve("prometheus").toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
