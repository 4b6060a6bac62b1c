package io.sermonflow.schedule;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import org.quartz.SchedulerException;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the cron schedules DAGs declare in code ({@code dag-<id>-<n>}, UTC) in Quartz. A
 * schedule that did not change is left alone, so a firing missed while the application
 * was down is still due (and fires once) when it starts.
 */
@Component
class DagSchedules {

	private final Schedules schedules;

	private final DagRegistry dags;

	DagSchedules(Schedules schedules, DagRegistry dags) {
		this.schedules = schedules;
		this.dags = dags;
	}

	@EventListener(ApplicationReadyEvent.class)
	void register() throws SchedulerException {
		this.schedules.registerJobs();
		for (Dag dag : this.dags.all()) {
			Set<String> declared = new HashSet<>();
			List<String> crons = dag.schedules();
			for (int i = 0; i < crons.size(); i++) {
				String id = "dag-" + dag.id() + "-" + (i + 1);
				declared.add(id);
				String cron = crons.get(i);
				if (!isUnchanged(id, cron)) {
					this.schedules.createCron(id, cron, "UTC", dag.id(), Map.of(), Schedule.Misfire.FIRE_ONCE, "dag");
				}
			}
			for (String id : this.schedules.idsStartingWith("dag-" + dag.id() + "-")) {
				if (!declared.contains(id) && id.substring(("dag-" + dag.id() + "-").length()).matches("\\d+")) {
					this.schedules.delete(id);
				}
			}
		}
	}

	private boolean isUnchanged(String id, String cron) {
		try {
			Schedule existing = this.schedules.find(id);
			return cron.equals(existing.cron()) && existing.nextFireAt() != null;
		}
		catch (UnknownScheduleException ex) {
			return false;
		}
	}

}
