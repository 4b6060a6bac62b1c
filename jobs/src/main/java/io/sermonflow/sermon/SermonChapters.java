package io.sermonflow.sermon;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sermonflow.chapter.Chapter;
import io.sermonflow.chapter.ChapterFinder;
import io.sermonflow.chapter.JdbcChapterStore;
import io.sermonflow.dag.TaskContext;
import io.sermonflow.transcript.Transcript;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A sermon's chapters: found from its transcript by the pipelines (task
 * {@code find_chapters} of {@code sermon-ingest} and {@code sermon-refresh}), or written
 * by staff, whose chapters a later transcript change does not replace. Found chapters are
 * titled from the transcript, so under the review gate they are public only with it;
 * chapters staff wrote are public at once.
 */
@Service
public class SermonChapters {

	static final String PIPELINE = "pipeline";

	private final JdbcSermonStore sermons;

	private final JdbcChapterStore chapters;

	private final TransactionTemplate transactions;

	SermonChapters(JdbcSermonStore sermons, JdbcChapterStore chapters, TransactionTemplate transactions) {
		this.sermons = sermons;
		this.chapters = chapters;
		this.transactions = transactions;
	}

	/** The task: finds the chapters unless staff wrote them. */
	public Map<String, Object> findChapters(TaskContext context) {
		String sermonId = SermonTasks.sermonId(context);
		List<Chapter> found = find(sermonId);
		boolean saved = save(sermonId, found, PIPELINE, false);
		context.log(saved ? "found " + found.size() + " chapters" : "kept the chapters staff wrote");
		return saved ? Map.of("chapters", found.size()) : Map.of("chapters", "kept: written by staff");
	}

	/** Finds the chapters again, replacing any staff wrote. */
	public List<Chapter> regenerate(String sermonId, String by) {
		List<Chapter> found = find(sermonId);
		save(sermonId, found, by, true);
		return found;
	}

	/**
	 * Replaces the chapters with ones staff wrote.
	 * @throws IllegalArgumentException naming the chapter at fault
	 */
	public List<Chapter> replace(String sermonId, List<Chapter> written, String editor) {
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("There is no sermon " + sermonId));
		double duration = (sermon.durationSeconds() != null) ? sermon.durationSeconds() : 0;
		List<Chapter> checked = Chapter.checked(written, duration);
		this.transactions.executeWithoutResult((status) -> {
			this.chapters.saveEdited(sermonId, checked, editor);
			this.sermons.touch(sermonId);
		});
		return checked;
	}

	/** The chapters as staff see them, whether or not listeners may yet. */
	public Optional<JdbcChapterStore.Chapters> chapters(String sermonId) {
		return this.chapters.find(sermonId);
	}

	/** The chapters listeners may see: found ones only with a public transcript. */
	public List<Chapter> publicChapters(String sermonId) {
		return this.chapters.find(sermonId)
			.filter((list) -> list.source() == JdbcChapterStore.Source.EDITED
					|| this.sermons.transcriptApproved(sermonId))
			.map(JdbcChapterStore.Chapters::chapters)
			.orElse(List.of());
	}

	private List<Chapter> find(String sermonId) {
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("There is no sermon " + sermonId));
		Transcript transcript = this.sermons.transcript(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("Sermon " + sermonId + " has no transcript yet"));
		List<ChapterFinder.Window> windows = this.sermons.chunks(sermonId)
			.stream()
			.filter((chunk) -> chunk.vector() != null)
			.map((chunk) -> new ChapterFinder.Window(chunk.chunk().start(), chunk.vector()))
			.toList();
		List<ChapterFinder.Line> lines = transcript.segments()
			.stream()
			.map((segment) -> new ChapterFinder.Line(segment.start(), segment.text()))
			.toList();
		double duration = (sermon.durationSeconds() != null) ? sermon.durationSeconds()
				: lines.isEmpty() ? 0 : transcript.segments().get(lines.size() - 1).end();
		return ChapterFinder.find(windows, lines, duration);
	}

	private boolean save(String sermonId, List<Chapter> found, String by, boolean overwrite) {
		Boolean saved = this.transactions.execute((status) -> {
			boolean written = this.chapters.saveGenerated(sermonId, found, by, overwrite);
			if (written) {
				this.sermons.touch(sermonId);
			}
			return written;
		});
		return Boolean.TRUE.equals(saved);
	}

}
