package io.sermonflow.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path in {@code deploy/}: every Kubernetes manifest parses, its probes
 * name endpoints a node really answers without credentials, a node is given time to hand
 * back its runs before it is killed, no voluntary disruption takes the last node of a
 * kind; and the SQS policy allows what the nodes call and nothing more.
 */
@SermonflowTest
class DeployManifestsTest {

	private static final Path DEPLOY = Path.of("..", "deploy");

	/** SERMONFLOW_SHUTDOWN_GRACE_SECONDS's default plus Spring's own shutdown phase. */
	private static final int SHUTDOWN_SECONDS = 30 + 30;

	@LocalServerPort
	int port;

	@Test
	@SuppressWarnings("unchecked")
	void kubernetes_probes_point_at_real_endpoints_and_shutdown_has_its_time() throws Exception {
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(Files.readString(DEPLOY.resolve("kubernetes/sermonflow.yaml")))) {
			manifests.add((Map<String, Object>) document);
		}
		List<Map<String, Object>> deployments = ofKind(manifests, "Deployment");
		List<Map<String, Object>> budgets = ofKind(manifests, "PodDisruptionBudget");
		assertThat(deployments).hasSize(2);
		Api anonymous = Api.anonymous(this.port);
		for (Map<String, Object> deployment : deployments) {
			String name = (String) at(deployment, "metadata", "name");
			Map<String, Object> pod = (Map<String, Object>) at(deployment, "spec", "template");
			Map<String, Object> labels = (Map<String, Object>) at(pod, "metadata", "labels");
			assertThat(at(deployment, "spec", "selector", "matchLabels")).as(name).isEqualTo(labels);
			assertThat((Integer) at(pod, "spec", "terminationGracePeriodSeconds")).as(name)
				.isGreaterThan(SHUTDOWN_SECONDS);
			assertThat(budgets).as(name + " has a disruption budget")
				.anySatisfy((budget) -> assertThat(at(budget, "spec", "selector", "matchLabels")).isEqualTo(labels));
			for (Map<String, Object> container : (List<Map<String, Object>>) at(pod, "spec", "containers")) {
				Set<Object> ports = new TreeSet<>();
				((List<Map<String, Object>>) container.get("ports")).forEach((p) -> ports.add(p.get("name")));
				for (String probe : List.of("readinessProbe", "livenessProbe")) {
					String path = (String) at(container, probe, "httpGet", "path");
					assertThat(ports).as(name + " " + probe).contains(at(container, probe, "httpGet", "port"));
					Api.Reply reply = anonymous.get(path);
					assertThat(reply.status()).as(name + " " + probe + " " + path).isEqualTo(200);
					assertThat(reply.json().get("status").asString()).isEqualTo("UP");
				}
			}
		}
		Map<String, Object> service = ofKind(manifests, "Service").get(0);
		assertThat(deployments)
			.anySatisfy((deployment) -> assertThat(at(deployment, "spec", "template", "metadata", "labels"))
				.isEqualTo(at(service, "spec", "selector")));
	}

	@Test
	void the_sqs_policy_allows_what_the_nodes_call_and_nothing_more() throws Exception {
		JsonNode policy = JsonMapper.builder()
			.build()
			.readTree(Files.readString(DEPLOY.resolve("aws/sqs-iam-policy.json")));
		Set<String> actions = new TreeSet<>();
		policy.get("Statement")
			.forEach((statement) -> statement.get("Action").forEach((a) -> actions.add(a.asString())));
		assertThat(actions).containsExactlyInAnyOrder("sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SendMessage",
				"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility");
		policy.get("Statement")
			.forEach((statement) -> statement.get("Resource")
				.forEach((resource) -> assertThat(resource.asString()).doesNotContain("*").startsWith("arn:aws:sqs:")));
		JsonNode queues = JsonMapper.builder()
			.build()
			.readTree(Files.readString(DEPLOY.resolve("aws/sqs-queues.json")))
			.get("queues");
		assertThat(queues.get(1).get("Attributes").get("RedrivePolicy").asString()).contains("sermonflow-events-dlq")
			.contains("\"maxReceiveCount\":\"5\"");
	}

	private static List<Map<String, Object>> ofKind(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream().filter((m) -> kind.equals(m.get("kind"))).toList();
	}

	@SuppressWarnings("unchecked")
	private static Object at(Map<String, Object> map, String... path) {
		Object value = map;
		for (String key : path) {
			value = ((Map<String, Object>) value).get(key);
		}
		return value;
	}

}
