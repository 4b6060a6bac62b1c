package io.sermonflow.dags;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sermonflow.backfill.Backfill;
import io.sermonflow.backfill.Backfills;
import io.sermonflow.backfill.UnknownBackfillException;
import io.sermonflow.web.Times;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/backfills/{id}}: a backfill's progress, and cancelling the rest of it. Its
 * runs: {@code GET /api/runs?backfill=id}.
 */
@RestController
@RequestMapping("/api/backfills")
class BackfillsApi {

	private final Backfills backfills;

	BackfillsApi(Backfills backfills) {
		this.backfills = backfills;
	}

	@GetMapping("/{backfillId}")
	BackfillView get(@PathVariable String backfillId) {
		return BackfillView
			.of(this.backfills.find(backfillId).orElseThrow(() -> new UnknownBackfillException(backfillId)));
	}

	@PostMapping("/{backfillId}/cancel")
	BackfillView cancel(@PathVariable String backfillId) {
		int cancelled = this.backfills.cancel(backfillId);
		return get(backfillId).cancelledNow(cancelled);
	}

	/**
	 * A backfill and its progress; {@code cancelledNow} (on cancel only) counts the runs
	 * not yet started that the cancel removed.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BackfillView(String backfillId, String dag, int items, int ratePerMinute, String createdAt,
			@JsonInclude(JsonInclude.Include.ALWAYS) String cancelledAt, Map<String, Integer> runs, int finished,
			Progress progress, Integer cancelledNow) {

		static BackfillView of(Backfill backfill) {
			return new BackfillView(backfill.backfillId(), backfill.dagId(), backfill.items(), backfill.ratePerMinute(),
					Times.iso(backfill.createdAt()), Times.iso(backfill.cancelledAt()), backfill.runs(),
					backfill.finished(), new Progress(backfill.finished(), backfill.items()), null);
		}

		BackfillView cancelledNow(int cancelled) {
			return new BackfillView(this.backfillId, this.dag, this.items, this.ratePerMinute, this.createdAt,
					this.cancelledAt, this.runs, this.finished, this.progress, cancelled);
		}

	}

	record Progress(int done, int total) {
	}

}
