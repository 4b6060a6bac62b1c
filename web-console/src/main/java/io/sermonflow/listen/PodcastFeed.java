package io.sermonflow.listen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.catalog.Series;
import io.sermonflow.media.MediaStore;
import io.sermonflow.media.Renditions;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonChapters;
import io.sermonflow.sermon.SermonScripture;
import io.sermonflow.soundbite.Soundbite;
import io.sermonflow.soundbite.Soundbites;
import io.sermonflow.text.XmlText;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The RSS 2.0 podcast feed of published sermons, with the iTunes tags podcast apps
 * expect. Each enclosure is the progressive file, with its real length and a signature
 * that outlives the feed's refresh interval when URLs are signed.
 */
@RestController
class PodcastFeed {

	private static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";

	private static final String ATOM = "http://www.w3.org/2005/Atom";

	static final String PODCAST = "https://podcastindex.org/namespace/1.0";

	/**
	 * The namespace Podcasting 2.0 fixes for {@code podcast:guid} (a UUIDv5 of the feed
	 * URL).
	 */
	private static final UUID PODCAST_GUID_NAMESPACE = UUID.fromString("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

	private final JdbcSermonStore sermons;

	private final MediaStore media;

	private final JsonMapper json;

	private final ListenerLinks links;

	private final PodcastProperties podcast;

	private final RenderCache renders;

	private final String publicUrl;

	private final SermonChapters chapters;

	private final Soundbites soundbites;

	private final SermonScripture scripture;

	private final Catalog catalog;

	PodcastFeed(JdbcSermonStore sermons, MediaStore media, JsonMapper json, ListenerLinks links,
			PodcastProperties podcast, RenderCache renders, SermonChapters chapters, Soundbites soundbites,
			SermonScripture scripture, Catalog catalog, @Value("${sermonflow.public-url:}") String publicUrl) {
		this.catalog = catalog;
		this.scripture = scripture;
		this.chapters = chapters;
		this.soundbites = soundbites;
		this.renders = renders;
		this.publicUrl = publicUrl.strip().replaceAll("/+$", "");
		this.sermons = sermons;
		this.media = media;
		this.json = json;
		this.links = links;
		this.podcast = podcast;
	}

	@GetMapping("/feeds/podcast.xml")
	void feed(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String base = base(request);
		send(request, response, "feed:" + base,
				() -> render(base, this.podcast.title(), this.podcast.description(), this.podcast.imageUrl(),
						"/feeds/podcast.xml", ready(this.sermons.listPublished(this.podcast.items()))));
	}

	/**
	 * One series' feed, at its slug (kept through renames, so subscriptions hold), with
	 * its own description and artwork; 404 for an unknown slug.
	 */
	@GetMapping("/feeds/series/{slug}.xml")
	void seriesFeed(@PathVariable String slug, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Series series = seriesOr404(slug);
		String base = base(request);
		String artwork = series.hasArtwork() ? base + "/feeds/series/" + series.slug() + "/artwork"
				: this.podcast.imageUrl();
		send(request, response, "feed:" + base + ":series:" + slug,
				() -> render(base, this.podcast.title() + ": " + series.name(),
						(series.description() != null) ? series.description() : this.podcast.description(), artwork,
						"/feeds/series/" + slug + ".xml",
						ready(this.sermons.listPublishedInSeries(series.id(), true, this.podcast.items()))));
	}

	/**
	 * The sermons a feed lists: every published one, or with
	 * {@code SERMONFLOW_PODCAST_WAIT_FOR_TRANSCRIPT} those whose transcript is no longer
	 * on its way.
	 */
	private List<Sermon> ready(List<Sermon> published) {
		if (!this.podcast.waitForTranscript()) {
			return published;
		}
		return published.stream()
			.filter((sermon) -> sermon.transcriptState() != Sermon.TranscriptState.PROCESSING)
			.toList();
	}

	/** A series' artwork, as its feed names it. */
	@GetMapping("/feeds/series/{slug}/artwork")
	void seriesArtwork(@PathVariable String slug, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Series series = seriesOr404(slug);
		if (!series.hasArtwork()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		FileSender.Sent sent = FileSender.send(request, response, this.media.resolve(series.artworkKey()),
				series.artworkType(), CacheControl.maxAge(Duration.ofHours(1)).cachePublic());
		if (sent.status() == 404) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	private Series seriesOr404(String slug) {
		return (slug.matches("[a-z0-9-]{1,90}") ? this.catalog.seriesBySlug(slug) : java.util.Optional.<Series>empty())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private void send(HttpServletRequest request, HttpServletResponse response, String key, Feed feed)
			throws IOException {
		byte[] bytes = this.renders.get("feed", key, this.sermons.publishedVersion(), () -> {
			try {
				return feed.render();
			}
			catch (IOException | XMLStreamException ex) {
				throw new IllegalStateException("The podcast feed could not be written", ex);
			}
		});
		FileSender.send(request, response, bytes, "application/rss+xml;charset=UTF-8",
				CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic());
	}

	private interface Feed {

		byte[] render() throws IOException, XMLStreamException;

	}

	/**
	 * {@code SERMONFLOW_PUBLIC_URL}; unset, this node's own loopback address. Never the
	 * request's {@code Host} header: the feed is cached and shared, and one request with
	 * a forged host would otherwise point every podcast app at someone else's server.
	 */
	private String base(HttpServletRequest request) {
		if (!this.publicUrl.isEmpty()) {
			return this.publicUrl;
		}
		return "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath();
	}

	private byte[] render(String base, String title, String description, String imageUrl, String selfPath,
			List<Sermon> sermons) throws IOException, XMLStreamException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
		XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
		xml.writeStartDocument("UTF-8", "1.0");
		xml.writeStartElement("rss");
		xml.writeAttribute("version", "2.0");
		xml.writeNamespace("itunes", ITUNES);
		xml.writeNamespace("atom", ATOM);
		xml.writeNamespace("podcast", PODCAST);
		xml.writeStartElement("channel");
		element(xml, "title", title);
		element(xml, "link", base + "/");
		element(xml, "description", description);
		element(xml, "language", this.podcast.language());
		// when anything in the feed last changed: a sermon added, edited, or its
		// transcript, chapters or soundbites changed
		java.util.Optional<java.time.Instant> changed = sermons.stream()
			.map(Sermon::updatedAt)
			.filter(java.util.Objects::nonNull)
			.max(java.util.Comparator.naturalOrder());
		if (changed.isPresent()) {
			element(xml, "lastBuildDate", rfc1123(changed.get()));
		}
		xml.writeEmptyElement("atom", "link", ATOM);
		xml.writeAttribute("href", base + selfPath);
		xml.writeAttribute("rel", "self");
		xml.writeAttribute("type", "application/rss+xml");
		itunes(xml, "author", this.podcast.author());
		itunes(xml, "explicit", "false");
		xml.writeStartElement("podcast", "guid", PODCAST);
		xml.writeCharacters(podcastGuid(base + selfPath).toString());
		xml.writeEndElement();
		xml.writeStartElement("itunes", "category", ITUNES);
		xml.writeAttribute("text", "Religion & Spirituality");
		xml.writeEmptyElement("itunes", "category", ITUNES);
		xml.writeAttribute("text", "Christianity");
		xml.writeEndElement();
		if (imageUrl != null) {
			xml.writeEmptyElement("itunes", "image", ITUNES);
			xml.writeAttribute("href", XmlText.clean(imageUrl));
		}
		for (Sermon sermon : sermons) {
			item(xml, base, sermon);
		}
		xml.writeEndElement();
		xml.writeEndElement();
		xml.writeEndDocument();
		xml.close();
		return out.toByteArray();
	}

	private void item(XMLStreamWriter xml, String base, Sermon sermon) throws XMLStreamException, IOException {
		Renditions renditions = this.json.readValue(sermon.renditionsJson(), Renditions.class);
		Path audio = this.media.resolve(renditions.progressive());
		if (!Files.isRegularFile(audio)) {
			return;
		}
		String byline = sermon.preacher() + ", " + sermon.preachedOn()
				+ ((sermon.series() != null) ? ". Series: " + sermon.series() : "")
				+ this.scripture.mainPassage(sermon.id()).map((passage) -> ". On " + passage.display()).orElse("");
		// what the sermon is about first: podcast apps show the opening lines
		String description = (sermon.description() != null) ? sermon.description() + "\n\n" + byline : byline;
		xml.writeStartElement("item");
		element(xml, "title", sermon.title());
		element(xml, "link", base + this.links.page(sermon.id(), 0));
		element(xml, "description", description);
		element(xml, "pubDate", rfc1123(sermon.preachedOn().atTime(12, 0).toInstant(ZoneOffset.UTC)));
		xml.writeStartElement("guid");
		xml.writeAttribute("isPermaLink", "false");
		xml.writeCharacters("sermonflow:" + sermon.id());
		xml.writeEndElement();
		xml.writeEmptyElement("enclosure");
		xml.writeAttribute("url", base + this.links.podcastAudio(sermon.id()));
		xml.writeAttribute("length", Long.toString(Files.size(audio)));
		xml.writeAttribute("type", "audio/mp4");
		itunes(xml, "author", sermon.preacher());
		xml.writeStartElement("podcast", "person", PODCAST);
		xml.writeAttribute("role", "host");
		xml.writeCharacters(XmlText.clean(sermon.preacher()));
		xml.writeEndElement();
		List<TranscriptFiles.Format> transcripts = this.sermons.transcriptApproved(sermon.id())
				? List.of(TranscriptFiles.Format.VTT, TranscriptFiles.Format.SRT, TranscriptFiles.Format.JSON)
				: List.of();
		for (TranscriptFiles.Format format : transcripts) {
			xml.writeEmptyElement("podcast", "transcript", PODCAST);
			xml.writeAttribute("url", base + this.links.podcastTranscript(sermon.id(), format.extension));
			xml.writeAttribute("type", format.contentType.replace(";charset=UTF-8", ""));
			xml.writeAttribute("language", XmlText.clean(sermon.language()));
			if (format == TranscriptFiles.Format.VTT) {
				xml.writeAttribute("rel", "captions");
			}
		}
		if (!this.chapters.publicChapters(sermon.id()).isEmpty()) {
			xml.writeEmptyElement("podcast", "chapters", PODCAST);
			xml.writeAttribute("url", base + this.links.podcastChapters(sermon.id()));
			xml.writeAttribute("type", Streaming.CHAPTERS);
		}
		for (Soundbite soundbite : this.soundbites.of(sermon.id())) {
			xml.writeStartElement("podcast", "soundbite", PODCAST);
			xml.writeAttribute("startTime", ListenerLinks.seconds(soundbite.start()));
			xml.writeAttribute("duration", ListenerLinks.seconds(soundbite.duration()));
			xml.writeCharacters(XmlText.clean(soundbite.title()));
			xml.writeEndElement();
		}
		if (sermon.durationSeconds() != null) {
			itunes(xml, "duration", Long.toString(Math.round(sermon.durationSeconds())));
		}
		itunes(xml, "explicit", "false");
		xml.writeEndElement();
	}

	/**
	 * Podcasting 2.0's stable feed id: a UUIDv5 of the feed URL without its scheme and
	 * trailing slashes.
	 */
	static UUID podcastGuid(String feedUrl) {
		String name = feedUrl.replaceFirst("^[a-zA-Z]+://", "").replaceAll("/+$", "");
		try {
			java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
			java.nio.ByteBuffer namespace = java.nio.ByteBuffer.allocate(16)
				.putLong(PODCAST_GUID_NAMESPACE.getMostSignificantBits())
				.putLong(PODCAST_GUID_NAMESPACE.getLeastSignificantBits());
			sha1.update(namespace.array());
			byte[] hash = sha1.digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
			hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
			java.nio.ByteBuffer bits = java.nio.ByteBuffer.wrap(hash, 0, 16);
			return new UUID(bits.getLong(), bits.getLong());
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String rfc1123(java.time.Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

	private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
		xml.writeStartElement(name);
		xml.writeCharacters(XmlText.clean(text));
		xml.writeEndElement();
	}

	private static void itunes(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
		xml.writeStartElement("itunes", name, ITUNES);
		xml.writeCharacters(XmlText.clean(text));
		xml.writeEndElement();
	}

}
