package io.sermonflow.dispatch;

import javax.sql.DataSource;

import io.sermonflow.config.OnRole;
import io.sermonflow.signal.DatabaseChannel;
import io.sermonflow.signal.RunsQueuedSignal;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's dispatcher when any node queues runs, through PostgreSQL
 * LISTEN/NOTIFY: push, not poll. The dispatcher's slow poll remains the safety net while
 * this connection is down.
 */
@Component
@OnRole("worker")
class QueuedRunsListener implements SmartLifecycle {

	private final DatabaseChannel channel;

	QueuedRunsListener(DataSource dataSource, Dispatcher dispatcher) {
		// a (re)connection may have missed notifications: the dispatcher looks once
		this.channel = RunsQueuedSignal.listener(dataSource, dispatcher::wake);
	}

	@Override
	public void start() {
		this.channel.start();
	}

	@Override
	public void stop() {
		this.channel.stop();
	}

	@Override
	public boolean isRunning() {
		return this.channel.isRunning();
	}

}
