package io.sermonflow.dispatch;

import javax.sql.DataSource;

import io.sermonflow.config.OnRole;
import io.sermonflow.mapping.PieceWorker;
import io.sermonflow.signal.DatabaseChannel;
import io.sermonflow.signal.RunsQueuedSignal;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's dispatcher and piece worker when any node queues runs or pieces of
 * mapped tasks, through PostgreSQL LISTEN/NOTIFY: push, not poll. Their slow polls remain
 * the safety net while this connection is down.
 */
@Component
@OnRole("worker")
class QueuedRunsListener implements SmartLifecycle {

	private final DatabaseChannel channel;

	QueuedRunsListener(DataSource dataSource, Dispatcher dispatcher, PieceWorker pieces) {
		// a (re)connection may have missed notifications: both look once
		this.channel = RunsQueuedSignal.listener(dataSource, () -> {
			dispatcher.wake();
			pieces.wake();
		});
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
