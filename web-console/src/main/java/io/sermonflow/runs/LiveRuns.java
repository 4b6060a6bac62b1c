package io.sermonflow.runs;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sermonflow.security.ConsoleSessions;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for open run pages: once a second, each watched run is read once,
 * and every page watching it gets the re-rendered live part when something changed. The
 * stream ends when the run ends (after its final state) or after ten minutes, when the
 * browser reconnects; and within a second of its session's end (sign-out, or its user
 * disabled or changed), so a revoked viewer stops seeing runs. A user holds at most
 * {@code SERMONFLOW_LIVE_STREAMS_PER_USER} streams (default 4; a browser has six
 * connections per host); one more is a 429, which a browser's EventSource does not retry.
 */
@Component
class LiveRuns implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LiveRuns.class);

	static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final RunPageModel views;

	private final SpringTemplateEngine templates;

	private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sermonflow-live-runs");
		thread.setDaemon(true);
		return thread;
	});

	private final ConsoleSessions sessions;

	private final int perUser;

	LiveRuns(RunPageModel views, SpringTemplateEngine templates, ConsoleSessions sessions,
			@Value("${sermonflow.live-streams-per-user:4}") int perUser) {
		this.views = views;
		this.templates = templates;
		this.sessions = sessions;
		this.perUser = perUser;
		this.ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
	}

	/**
	 * A stream of the run's live part; {@code page} holds what the viewer's page knew
	 * (their rights and form token).
	 */
	SseEmitter watch(String runId, Map<String, Object> page, String shown, String username, HttpSession session) {
		synchronized (this.watchers) {
			long held = this.watchers.stream().filter((watcher) -> watcher.username().equals(username)).count();
			if (held >= this.perUser) {
				throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "You are watching " + held
						+ " runs live already, the most one user may; close a run page and reload this one");
			}
			return add(new Watcher(runId, new SseEmitter(TIMEOUT.toMillis()), page, new String[] { shown }, username,
					session));
		}
	}

	private SseEmitter add(Watcher watcher) {
		SseEmitter emitter = watcher.emitter();
		emitter.onCompletion(() -> this.watchers.remove(watcher));
		emitter.onTimeout(() -> this.watchers.remove(watcher));
		emitter.onError((ex) -> this.watchers.remove(watcher));
		this.watchers.add(watcher);
		return emitter;
	}

	private void tick() {
		try {
			Map<String, Optional<Map<String, Object>>> read = new ConcurrentHashMap<>();
			Map<String, OptionalInt> standing = new HashMap<>();
			for (Watcher watcher : this.watchers) {
				OptionalInt now = standing.computeIfAbsent(watcher.username(), this.sessions::currentVersion);
				if (!now.equals(ConsoleSessions.signedInVersion(watcher.session()))) {
					this.watchers.remove(watcher);
					watcher.emitter().complete();
					continue;
				}
				Optional<Map<String, Object>> model = read.computeIfAbsent(watcher.runId(), this.views::of);
				if (model.isEmpty()) {
					watcher.emitter().complete();
					continue;
				}
				String fingerprint = RunPageModel.fingerprint(model.get());
				if (!fingerprint.equals(watcher.shown()[0])) {
					send(watcher, model.get(), fingerprint);
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Live run updates failed this second: {}", ex.getMessage());
		}
	}

	private void send(Watcher watcher, Map<String, Object> model, String fingerprint) {
		Context context = new Context();
		context.setVariables(model);
		context.setVariables(watcher.page());
		String html = this.templates.process("console/run", Set.of("live"), context);
		try {
			watcher.emitter().send(SseEmitter.event().name("run").data(html));
			watcher.shown()[0] = fingerprint;
			if ((Boolean) model.get("ended")) {
				watcher.emitter().complete();
			}
		}
		catch (IOException | IllegalStateException ex) {
			this.watchers.remove(watcher);
		}
	}

	@Override
	public void destroy() {
		this.ticker.shutdownNow();
		this.watchers.forEach((watcher) -> watcher.emitter().complete());
	}

	private record Watcher(String runId, SseEmitter emitter, Map<String, Object> page, String[] shown, String username,
			HttpSession session) {
	}

}
