package io.sermonflow.dashboard;

import java.time.Clock;
import java.time.Duration;

import io.sermonflow.event.DeadLetters;
import io.sermonflow.event.QueueDepths;
import io.sermonflow.notify.ConsoleNotifications;
import io.sermonflow.run.RunStats;
import io.sermonflow.web.ConsolePage;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in, and the dashboard: how runs went over the last day, queues, what runs now. */
@ConsolePage
class ConsolePages {

	private final RunStats stats;

	private final QueueDepths queues;

	private final DeadLetters deadLetters;

	private final ConsoleNotifications notifications;

	private final Clock clock;

	ConsolePages(RunStats stats, QueueDepths queues, DeadLetters deadLetters, ConsoleNotifications notifications,
			Clock clock) {
		this.notifications = notifications;
		this.stats = stats;
		this.queues = queues;
		this.deadLetters = deadLetters;
		this.clock = clock;
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/console")
	String dashboard(Model model) {
		model.addAttribute("chart", StatusChart
			.of(this.stats.statusByHour(this.clock.instant().minus(Duration.ofHours(24))), this.clock.instant()));
		QueueDepths.QueueDepth depth = this.queues.depth();
		model.addAttribute("queueDepth", depth.main());
		model.addAttribute("dlqDepth", depth.deadLetters());
		model.addAttribute("deadLetters", this.deadLetters.count());
		model.addAttribute("notifications", this.notifications.latest(8).stream().map(NotificationView::of).toList());
		return active(model, "console/dashboard");
	}

	/** The active runs with their progress, refreshed in place every few seconds. */
	@GetMapping("/console/fragments/active")
	String activeFragment(Model model) {
		return active(model, "console/dashboard :: active");
	}

	private String active(Model model, String view) {
		model.addAttribute("active", this.stats.active(20));
		model.addAttribute("activeCounts", this.stats.activeCounts());
		return view;
	}

	/** A notification with the console page its subject lives on (null: none). */
	record NotificationView(java.time.Instant at, ConsoleNotifications.Level level, String title, String link) {

		static NotificationView of(ConsoleNotifications.Notification notification) {
			ConsoleNotifications.About about = notification.about();
			String link = (about == null) ? null : switch (about.subject()) {
				case SERMON -> "/console/sermons/" + about.id();
				case RUN -> "/console/runs/" + about.id();
			};
			return new NotificationView(notification.at(), notification.level(), notification.title(), link);
		}

	}

}
