package io.sermonflow.chaos;

import java.time.Duration;

/**
 * What one chaos run does: the faults it injects, in turn, under a steady load of
 * {@code demo-ledger} runs. {@link #FULL} is {@code ./sermonflow chaos}; {@link #SHORT}
 * runs inside {@code ./sermonflow test}, leaving out what would disturb the test suite's
 * own database (a PostgreSQL restart). Faults begin after a warm-up and a quiet window,
 * in which the latency from event to first task is measured.
 */
record ChaosPlan(String name, int nodes, int kills, boolean freeze, boolean restartPostgres,
		boolean terminateConnections, boolean restartQueue, Duration searchOutage, boolean rollingRestart,
		double eventsPerSecond, int tasksPerRun, Duration taskSleep, int sermons, Duration lease, Duration warmUp,
		Duration quiet, Duration drain) {

	static final ChaosPlan FULL = new ChaosPlan("full", 3, 10, true, true, true, true, Duration.ofSeconds(60), true,
			1.0, 3, Duration.ofMillis(1000), 3, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
			Duration.ofMinutes(5));

	static final ChaosPlan SHORT = new ChaosPlan("short", 3, 2, true, false, true, true, Duration.ofSeconds(15), true,
			1.0, 3, Duration.ofMillis(1000), 0, Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(15),
			Duration.ofMinutes(5));

}
