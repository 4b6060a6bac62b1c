package io.sermonflow.sermons;

import java.util.List;

import io.sermonflow.error.NotFoundException;
import io.sermonflow.listen.ListenerLinks;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.soundbite.Soundbite;
import io.sermonflow.soundbite.Soundbites;
import io.sermonflow.web.Times;
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
 * {@code /api/sermons/{id}/soundbites}: clips of 15 to 120 s staff mark for sharing; each
 * has a link that plays just the clip.
 */
@RestController
@RequestMapping("/api/sermons/{id}/soundbites")
class SoundbitesApi {

	private final JdbcSermonStore sermons;

	private final Soundbites soundbites;

	private final ListenerLinks links;

	SoundbitesApi(JdbcSermonStore sermons, Soundbites soundbites, ListenerLinks links) {
		this.sermons = sermons;
		this.soundbites = soundbites;
		this.links = links;
	}

	@GetMapping
	List<SoundbiteView> list(@PathVariable String id) {
		find(id);
		return this.soundbites.of(id).stream().map(this::view).toList();
	}

	/** {@code {"start":s,"duration":s,"title":"…"}}. */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	SoundbiteView add(@PathVariable String id, @RequestBody JsonNode body, Authentication editor) {
		find(id);
		return view(this.soundbites.add(id, number(body, "start"), number(body, "duration"),
				body.path("title").isString() ? body.path("title").asString() : null, editor.getName()));
	}

	@DeleteMapping("/{soundbiteId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String id, @PathVariable String soundbiteId) {
		find(id);
		if (!this.soundbites.delete(id, soundbiteId)) {
			throw new NotFoundException("Sermon " + id + " has no soundbite " + soundbiteId);
		}
	}

	private void find(String id) {
		this.sermons.find(id).orElseThrow(() -> new NotFoundException("No sermon " + id));
	}

	private static Double number(JsonNode body, String field) {
		JsonNode value = body.path(field);
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException("Field \"" + field + "\" must be seconds");
		}
		return value.asDouble();
	}

	private SoundbiteView view(Soundbite soundbite) {
		return new SoundbiteView(soundbite.id(), soundbite.start(), soundbite.duration(), soundbite.title(),
				soundbite.createdBy(), Times.iso(soundbite.createdAt()),
				this.links.clip(soundbite.sermonId(), soundbite.start(), soundbite.end()));
	}

	/** A marked clip and the public link that plays just it. */
	record SoundbiteView(String id, double start, double duration, String title, String createdBy, String createdAt,
			String shareUrl) {
	}

}
