package io.sermonflow.sermons;

import java.util.List;

import io.sermonflow.error.NotFoundException;
import io.sermonflow.scripture.ScriptureRef;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.SermonScripture;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/sermons/{id}/scripture}: the passages a sermon cites, found in its
 * transcript, and staff's confirmations, removals and additions.
 */
@RestController
@RequestMapping("/api/sermons/{id}/scripture")
class ScriptureApi {

	private final JdbcSermonStore sermons;

	private final SermonScripture scripture;

	ScriptureApi(JdbcSermonStore sermons, SermonScripture scripture) {
		this.sermons = sermons;
		this.scripture = scripture;
	}

	/** Every reference, removed ones included (their {@code status} says so). */
	@GetMapping
	ScriptureList list(@PathVariable String id) {
		find(id);
		return new ScriptureList(ReferenceView.of(this.scripture.all(id)), this.sermons.scriptureNote(id).orElse(null));
	}

	/** {@code {"reference":"Romans 8:28","at":s?}}; written or OSIS. */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ReferenceView add(@PathVariable String id, @RequestBody JsonNode body, Authentication editor) {
		find(id);
		if (!body.path("reference").isString()) {
			throw new IllegalArgumentException("Field \"reference\" is required: a passage such as \"Romans 8:28\"");
		}
		JsonNode at = body.path("at");
		if (!at.isMissingNode() && !at.isNull() && !at.isNumber()) {
			throw new IllegalArgumentException("Field \"at\" must be seconds");
		}
		return ReferenceView.of(this.scripture.add(id, body.path("reference").asString(),
				at.isNumber() ? at.asDouble() : null, editor.getName()));
	}

	@PostMapping("/{refId}/confirm")
	ScriptureList confirm(@PathVariable String id, @PathVariable String refId, Authentication editor) {
		decide(id, refId, ScriptureRef.Status.CONFIRMED, editor);
		return list(id);
	}

	/** The reference is kept as removed, so finding references again leaves it out. */
	@DeleteMapping("/{refId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(@PathVariable String id, @PathVariable String refId, Authentication editor) {
		decide(id, refId, ScriptureRef.Status.REMOVED, editor);
	}

	private void decide(String id, String refId, ScriptureRef.Status status, Authentication editor) {
		find(id);
		if (!this.scripture.decide(id, refId, status, editor.getName())) {
			throw new NotFoundException("Sermon " + id + " has no scripture reference " + refId);
		}
	}

	private void find(String id) {
		this.sermons.find(id).orElseThrow(() -> new NotFoundException("No sermon " + id));
	}

	/**
	 * A sermon's references and, when none are looked for (a sermon not in English), the
	 * note that says why.
	 */
	record ScriptureList(List<ReferenceView> scripture, String note) {
	}

	/**
	 * A passage the sermon cites or quotes ({@code kind}), with its moment in the audio
	 * ({@code at}, seconds) and staff's decision ({@code status}).
	 */
	record ReferenceView(String id, String osis, String display, double at, String kind, boolean confirmed,
			String status, String changedBy) {

		static List<ReferenceView> of(List<ScriptureRef> refs) {
			return refs.stream().map(ReferenceView::of).toList();
		}

		static ReferenceView of(ScriptureRef ref) {
			return new ReferenceView(ref.id(), ref.passage().osis(), ref.passage().display(), ref.at(),
					ref.kind().name().toLowerCase(java.util.Locale.ROOT), ref.confirmed(),
					ref.status().name().toLowerCase(java.util.Locale.ROOT), ref.changedBy());
		}

	}

}
