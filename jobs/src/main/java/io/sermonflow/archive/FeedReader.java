package io.sermonflow.archive;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.sermonflow.error.PermanentException;

/**
 * Reads an RSS 2.0 podcast feed: the channel's title and, per item, what a sermon needs
 * (title, date, description, enclosure, preacher from {@code itunes:author} or
 * {@code podcast:person}, duration, and a {@code podcast:transcript} when there is one).
 * No DTDs and no external entities: a feed is untrusted input.
 */
final class FeedReader {

	static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";

	static final String PODCAST = "https://podcastindex.org/namespace/1.0";

	private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

	static {
		FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
	}

	private FeedReader() {
	}

	/**
	 * @throws PermanentException naming the fault when the bytes are not an RSS feed
	 */
	static Feed read(byte[] xml) {
		try {
			XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
			try {
				reader.nextTag();
				if (!"rss".equals(reader.getLocalName())) {
					throw new PermanentException(
							"The URL is not an RSS feed: its document is <" + reader.getLocalName() + ">, not <rss>");
				}
				return channel(reader);
			}
			finally {
				reader.close();
			}
		}
		catch (XMLStreamException ex) {
			throw new PermanentException("The URL is not an RSS feed: " + firstLine(ex.getMessage()));
		}
	}

	private static Feed channel(XMLStreamReader reader) throws XMLStreamException {
		String title = null;
		String author = null;
		List<Feed.Item> items = new ArrayList<>();
		int depth = 1;
		while (reader.hasNext()) {
			int event = reader.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				depth++;
				if (depth == 3 && reader.getNamespaceURI() == null && "title".equals(reader.getLocalName())) {
					title = text(reader);
					depth--;
				}
				else if (depth == 3 && ITUNES.equals(reader.getNamespaceURI())
						&& "author".equals(reader.getLocalName())) {
					author = text(reader);
					depth--;
				}
				else if (depth == 3 && "item".equals(reader.getLocalName())) {
					items.add(item(reader, author));
					depth--;
				}
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				depth--;
			}
		}
		if (depth > 0 && title == null && items.isEmpty()) {
			throw new PermanentException("The URL is not an RSS feed: it has no channel");
		}
		return new Feed(clip(title, 300), List.copyOf(items));
	}

	/**
	 * An item; {@code feedAuthor} (the channel's {@code itunes:author}, when it came
	 * first) names the preacher of an item that names none.
	 */
	private static Feed.Item item(XMLStreamReader reader, String feedAuthor) throws XMLStreamException {
		String guid = null;
		String title = null;
		String pubDate = null;
		String description = null;
		String enclosure = null;
		String author = null;
		String person = null;
		String transcriptUrl = null;
		String transcriptType = null;
		String duration = null;
		while (reader.hasNext()) {
			int event = reader.next();
			if (event == XMLStreamConstants.END_ELEMENT && "item".equals(reader.getLocalName())) {
				break;
			}
			if (event != XMLStreamConstants.START_ELEMENT) {
				continue;
			}
			String ns = reader.getNamespaceURI();
			String name = reader.getLocalName();
			if (ns == null || ns.isEmpty()) {
				switch (name) {
					case "guid" -> guid = text(reader);
					case "title" -> title = text(reader);
					case "pubDate" -> pubDate = text(reader);
					case "description" -> description = text(reader);
					case "enclosure" -> {
						enclosure = reader.getAttributeValue(null, "url");
						skip(reader);
					}
					default -> skip(reader);
				}
			}
			else if (ITUNES.equals(ns) && "author".equals(name)) {
				author = text(reader);
			}
			else if (ITUNES.equals(ns) && "duration".equals(name)) {
				duration = text(reader);
			}
			else if (ITUNES.equals(ns) && "summary".equals(name) && description == null) {
				description = text(reader);
			}
			else if (PODCAST.equals(ns) && "person".equals(name)) {
				String role = reader.getAttributeValue(null, "role");
				String value = text(reader);
				if (person == null && (role == null || role.equalsIgnoreCase("host"))) {
					person = value;
				}
			}
			else if (PODCAST.equals(ns) && "transcript".equals(name)) {
				String url = reader.getAttributeValue(null, "url");
				String type = reader.getAttributeValue(null, "type");
				// the richest form the item offers: JSON (timed segments), then VTT, then
				// SRT
				if (url != null && (transcriptUrl == null || rank(type) > rank(transcriptType))) {
					transcriptUrl = url.strip();
					transcriptType = type;
				}
				skip(reader);
			}
			else {
				skip(reader);
			}
		}
		enclosure = blankToNull(enclosure);
		String key = (blankToNull(guid) != null) ? guid.strip() : enclosure;
		String problem = null;
		if (enclosure == null) {
			problem = "The item has no enclosure (no audio to import)";
		}
		LocalDate date = date(pubDate);
		if (problem == null && date == null) {
			problem = "The item's pubDate \"" + clip(pubDate, 60) + "\" is not an RFC 822 date";
		}
		if (key == null) {
			key = "untitled:" + (title != null ? title.strip() : "");
		}
		String preacher = (blankToNull(author) != null) ? author
				: (person != null) ? person : (feedAuthor != null) ? feedAuthor : "Unknown preacher";
		if (title == null) {
			title = "Untitled sermon" + ((date != null) ? " of " + date : "");
		}
		return new Feed.Item(clip(key, 1000), clip(title, 300), date, clip(description, 20_000), clip(enclosure, 2000),
				clip(preacher, 200), (rank(transcriptType) > 0) ? clip(transcriptUrl, 2000) : null,
				(rank(transcriptType) > 0) ? transcriptType.strip() : null, seconds(duration), problem);
	}

	/** The transcript formats we read, best first; 0 for one we do not. */
	static int rank(String type) {
		if (type == null) {
			return 0;
		}
		return switch (type.strip().toLowerCase(Locale.ROOT)) {
			case "application/json" -> 3;
			case "text/vtt" -> 2;
			case "application/srt", "application/x-subrip", "text/srt" -> 1;
			default -> 0;
		};
	}

	/** RFC 822 dates as feeds write them, with or without the day's name. */
	static LocalDate date(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		// the day's name is dropped: feeds often name the wrong day, and the date is
		// what counts
		String text = value.strip().replaceAll("\\s+", " ").replaceFirst("^[A-Za-z]{2,9},\\s*", "");
		try {
			return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate();
		}
		catch (DateTimeParseException ex) {
			// feeds also write "Sun, 3 Nov 2024 10:00:00 EST" and other zone names
			try {
				return ZonedDateTime
					.parse(text, DateTimeFormatter.ofPattern("d MMM yyyy HH:mm[:ss] zzz", Locale.ENGLISH))
					.toLocalDate();
			}
			catch (DateTimeParseException again) {
				try {
					return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
				}
				catch (DateTimeParseException last) {
					return null;
				}
			}
		}
	}

	/** {@code itunes:duration}: seconds, MM:SS or HH:MM:SS; null when unreadable. */
	static Double seconds(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			double total = 0;
			for (String part : value.strip().split(":")) {
				total = total * 60 + Double.parseDouble(part);
			}
			return (total > 0) ? total : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String text(XMLStreamReader reader) throws XMLStreamException {
		StringBuilder text = new StringBuilder();
		int depth = 1;
		while (depth > 0) {
			int event = reader.next();
			if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
					|| event == XMLStreamConstants.SPACE) {
				text.append(reader.getText());
			}
			else if (event == XMLStreamConstants.START_ELEMENT) {
				depth++;
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				depth--;
			}
		}
		return blankToNull(text.toString());
	}

	private static void skip(XMLStreamReader reader) throws XMLStreamException {
		int depth = 1;
		while (depth > 0) {
			int event = reader.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				depth++;
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				depth--;
			}
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String clip(String value, int max) {
		if (value == null) {
			return null;
		}
		String clean = value.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").strip();
		return (clean.length() > max) ? clean.substring(0, max) : clean;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "it cannot be parsed as XML";
		}
		String line = message.lines().filter((l) -> !l.isBlank()).reduce((a, b) -> b).orElse(message).strip();
		return (line.length() > 200) ? line.substring(0, 200) : line;
	}

}
