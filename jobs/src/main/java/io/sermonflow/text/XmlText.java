package io.sermonflow.text;

/**
 * The characters XML 1.0 cannot carry (controls other than tab, newline and carriage
 * return, U+FFFE, U+FFFF and unpaired surrogates): text that reaches the podcast feed or
 * captions must not hold them, or the feed stops parsing in every podcast app.
 */
public final class XmlText {

	private XmlText() {
	}

	/** The index of the first character XML forbids, or -1. */
	public static int firstForbidden(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (forbidden(c)) {
				return i;
			}
		}
		return -1;
	}

	/** The text without the characters XML forbids. */
	public static String clean(String text) {
		if (text == null || firstForbidden(text) < 0) {
			return text;
		}
		StringBuilder kept = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				kept.append(c).append(text.charAt(++i));
			}
			else if (!forbidden(c)) {
				kept.append(c);
			}
		}
		return kept.toString();
	}

	private static boolean forbidden(char c) {
		return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF
				|| Character.isSurrogate(c);
	}

}
