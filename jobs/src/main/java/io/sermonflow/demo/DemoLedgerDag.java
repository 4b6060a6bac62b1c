package io.sermonflow.demo;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.sermonflow.config.NodeIdentity;
import io.sermonflow.dag.Dag;
import io.sermonflow.error.PermanentException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code demo-ledger}, triggered by {@code demo/ledger} {@code {"tasks":n,"sleepMs":m}}:
 * a chain of n tasks (default 3), each sleeping m ms, then recording its effect in
 * {@code sf_demo_ledger}, keyed by run and task, in its own step's transaction. An effect
 * is committed exactly when its task is, so a second record of one effect can only mean a
 * task ran twice: the key refuses it, it is counted in {@code sf_demo_ledger_duplicate},
 * and the task fails permanently saying so. {@code ./sermonflow chaos} runs it while it
 * kills nodes.
 */
@Configuration(proxyBeanMethods = false)
class DemoLedgerDag {

	static final int MAX_TASKS = 20;

	@Bean
	Dag demoLedger(JdbcClient jdbc, PlatformTransactionManager transactionManager, NodeIdentity node) {
		TransactionTemplate ownTransaction = new TransactionTemplate(transactionManager);
		// the duplicate's record must survive the failing step's rollback
		ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		Dag.Builder dag = Dag.dag("demo-ledger").triggeredBy("demo/ledger").selectTasks((data) -> {
			int tasks = (data.get("tasks") instanceof Number n) ? Math.max(1, Math.min(MAX_TASKS, n.intValue())) : 3;
			return IntStream.rangeClosed(1, tasks).mapToObj(DemoLedgerDag::taskId).toList();
		});
		for (int i = 1; i <= MAX_TASKS; i++) {
			dag.task(taskId(i), (i > 1) ? List.of(taskId(i - 1)) : List.of(), (context) -> {
				long sleepMs = (context.data().get("sleepMs") instanceof Number n) ? Math.min(60_000, n.longValue())
						: 0;
				if (sleepMs > 0) {
					Thread.sleep(sleepMs);
				}
				try {
					jdbc.sql(
							"INSERT INTO sf_demo_ledger (run_id, task_id, node_id, recorded_at) VALUES (?, ?, ?, now())")
						.params(context.runId(), context.taskId(), node.nodeId())
						.update();
				}
				catch (DuplicateKeyException ex) {
					ownTransaction.executeWithoutResult((tx) -> jdbc
						.sql("""
								INSERT INTO sf_demo_ledger_duplicate (run_id, task_id, node_id, at) VALUES (?, ?, ?, now())""")
						.params(context.runId(), context.taskId(), node.nodeId())
						.update());
					throw new PermanentException("The effect of task '" + context.taskId() + "' of run "
							+ context.runId() + " was already recorded: the task ran twice");
				}
				return Map.of("node", node.nodeId());
			});
		}
		return dag.build();
	}

	private static String taskId(int index) {
		return "step_" + index;
	}

}
