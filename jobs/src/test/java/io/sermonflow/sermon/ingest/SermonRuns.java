package io.sermonflow.sermon.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.sermonflow.run.Run;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.Sermons;

import static org.awaitility.Awaitility.await;

/**
 * What the pipeline tests do with sermons: upload a recording, wait for a status, read
 * its run.
 */
final class SermonRuns {

	private final Sermons sermons;

	private final JdbcSermonStore store;

	private final RunStore runs;

	SermonRuns(Sermons sermons, JdbcSermonStore store, RunStore runs) {
		this.sermons = sermons;
		this.store = store;
		this.runs = runs;
	}

	/** A recording uploaded as staff would: its sermon id. */
	String upload(Path recording, String title, String series, String churchId) {
		SermonDetails details = new SermonDetails(title, "Ann Example", LocalDate.of(2026, 11, 22), series, "en",
				churchId);
		try (InputStream audio = Files.newInputStream(recording)) {
			return this.sermons.upload(details, audio, recording.getFileName().toString()).sermonId();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String upload(Path recording, String title) {
		return upload(recording, title, null, null);
	}

	/** Waits (up to 3 minutes: a loaded machine, a long recording) for the status. */
	Sermon awaitStatus(String sermonId, Sermon.Status status) {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> sermon(sermonId).status() == status);
		return sermon(sermonId);
	}

	/**
	 * Waits for the sermon to be public with its transcript and search entries done: the
	 * audio goes public first (listenable first), so PUBLISHED alone does not say so.
	 */
	Sermon awaitFullyPublished(String sermonId) {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
			Sermon sermon = sermon(sermonId);
			return sermon.status() == Sermon.Status.PUBLISHED
					&& sermon.transcriptState() == Sermon.TranscriptState.READY;
		});
		return sermon(sermonId);
	}

	Sermon sermon(String sermonId) {
		return this.store.find(sermonId).orElseThrow();
	}

	/** The run the sermon's upload started, once the intake has made it. */
	Run run(String sermonId) {
		String eventId = sermon(sermonId).eventId();
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.runs.runsOfEvent(eventId).isEmpty());
		List<String> ids = this.runs.runsOfEvent(eventId);
		return this.runs.find(ids.get(0)).orElseThrow();
	}

	static TaskRun task(Run run, String taskId) {
		return run.tasks().stream().filter((task) -> task.taskId().equals(taskId)).findFirst().orElseThrow();
	}

}
