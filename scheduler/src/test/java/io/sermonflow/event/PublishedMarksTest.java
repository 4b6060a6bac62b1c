package io.sermonflow.event;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;

import io.sermonflow.engine.EngineTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publish marks written in batches on the real database: an event on the queue that the
 * intake has not recorded yet is marked within a round, so the unpublished-event sweep
 * leaves it alone; an event the intake recorded first is not written again.
 */
@EngineTest
class PublishedMarksTest {

	@Autowired
	EventLog events;

	@Autowired
	PublishedMarks marks;

	@Autowired
	JdbcClient jdbc;

	@Test
	void an_unrecorded_event_is_marked_within_a_round_and_a_recorded_one_is_not_written_again() {
		Event onTheQueue = Event.of("nobody/listens", Map.of());
		Event recorded = Event.of("nobody/listens", Map.of());
		assertThat(this.events.accept(onTheQueue, "integrator")).isTrue();
		assertThat(this.events.accept(recorded, "integrator")).isTrue();
		assertThat(this.events.record(recorded)).isTrue();

		this.marks.published(onTheQueue.id());
		this.marks.published(recorded.id());

		await().atMost(Duration.ofSeconds(30)).until(() -> publishedAt(onTheQueue.id()) != null);
		assertThat(publishedAt(recorded.id())).isNull();
		// neither is the sweep's, whatever its grace
		assertThat(this.events.unpublished(Duration.ZERO, 10_000)).extracting(Event::id)
			.doesNotContain(onTheQueue.id(), recorded.id());
		assertThat(this.events.find(onTheQueue.id()).orElseThrow().submittedBy()).isEqualTo("integrator");
	}

	@Test
	void an_accepted_event_never_noted_as_published_is_left_for_the_sweep() {
		Event stranded = Event.of("nobody/listens", Map.of());
		assertThat(this.events.accept(stranded, null)).isTrue();
		this.marks.flush();
		assertThat(publishedAt(stranded.id())).isNull();
		assertThat(this.events.unpublished(Duration.ZERO, 10_000)).extracting(Event::id).contains(stranded.id());
		this.events.forget(stranded.id());
	}

	private Timestamp publishedAt(String eventId) {
		return this.jdbc.sql("SELECT published_at FROM sf_event WHERE event_id = ?")
			.param(eventId)
			.query(Timestamp.class)
			.optional()
			.orElse(null);
	}

}
