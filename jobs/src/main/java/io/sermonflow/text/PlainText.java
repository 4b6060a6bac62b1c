package io.sermonflow.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text a listener reads from what a podcast feed carried: feeds put HTML in a description
 * (paragraphs, links, entities), and our pages and feed show plain text, so markup is
 * dropped, block ends become line breaks and entities become characters.
 */
public final class PlainText {

	private static final Pattern BLOCK_END = Pattern.compile("(?i)<\\s*(br\\s*/?|/p|/div|/li|/h[1-6])\\s*>");

	private static final Pattern TAG = Pattern.compile("<[^>]*>");

	private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z]{2,8});");

	private PlainText() {
	}

	/**
	 * The text of {@code html}, at most {@code max} characters, with the characters a
	 * feed cannot carry removed; null when nothing is left.
	 */
	public static String ofHtml(String html, int max) {
		if (html == null) {
			return null;
		}
		String text = TAG.matcher(BLOCK_END.matcher(html).replaceAll("\n")).replaceAll("");
		text = entities(text).replace('\u00a0', ' ');
		text = XmlText.clean(text)
			.replaceAll("[ \\t\\r]+", " ")
			.replaceAll(" ?\\n ?", "\n")
			.replaceAll("\\n{3,}", "\n\n");
		text = text.strip();
		if (text.length() > max) {
			text = text.substring(0, max - 1).strip() + "…";
		}
		return text.isEmpty() ? null : text;
	}

	private static String entities(String text) {
		Matcher matcher = ENTITY.matcher(text);
		StringBuilder out = new StringBuilder(text.length());
		while (matcher.find()) {
			matcher.appendReplacement(out, Matcher.quoteReplacement(entity(matcher.group(1), matcher.group())));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static String entity(String name, String whole) {
		try {
			if (name.startsWith("#x") || name.startsWith("#X")) {
				return Character.toString(Integer.parseInt(name.substring(2), 16));
			}
			if (name.startsWith("#")) {
				return Character.toString(Integer.parseInt(name.substring(1)));
			}
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
		return switch (name) {
			case "amp" -> "&";
			case "lt" -> "<";
			case "gt" -> ">";
			case "quot" -> "\"";
			case "apos" -> "'";
			case "nbsp" -> " ";
			case "hellip" -> "…";
			case "mdash" -> "—";
			case "ndash" -> "–";
			case "lsquo" -> "‘";
			case "rsquo" -> "’";
			case "ldquo" -> "“";
			case "rdquo" -> "”";
			default -> whole;
		};
	}

}
