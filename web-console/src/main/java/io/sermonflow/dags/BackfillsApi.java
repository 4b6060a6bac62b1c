package io.sermonflow.dags;

import java.util.LinkedHashMap;
import java.util.Map;

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
	Map<String, Object> get(@PathVariable String backfillId) {
		return view(this.backfills.find(backfillId).orElseThrow(() -> new UnknownBackfillException(backfillId)));
	}

	@PostMapping("/{backfillId}/cancel")
	Map<String, Object> cancel(@PathVariable String backfillId) {
		int cancelled = this.backfills.cancel(backfillId);
		Map<String, Object> view = get(backfillId);
		view.put("cancelledNow", cancelled);
		return view;
	}

	private static Map<String, Object> view(Backfill backfill) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("backfillId", backfill.backfillId());
		view.put("dag", backfill.dagId());
		view.put("items", backfill.items());
		view.put("ratePerMinute", backfill.ratePerMinute());
		view.put("createdAt", Times.iso(backfill.createdAt()));
		view.put("cancelledAt", Times.iso(backfill.cancelledAt()));
		view.put("runs", backfill.runs());
		view.put("finished", backfill.finished());
		view.put("progress", Map.of("done", backfill.finished(), "total", backfill.items()));
		return view;
	}

}
