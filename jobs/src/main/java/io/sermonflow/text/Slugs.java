package io.sermonflow.text;

import java.text.Normalizer;
import java.util.Locale;

/** URL names made from titles: "Romans: Grace & Law" becomes "romans-grace-law". */
public final class Slugs {

	private Slugs() {
	}

	public static String of(String name) {
		String plain = Normalizer.normalize((name != null) ? name : "", Normalizer.Form.NFD)
			.replaceAll("\\p{M}+", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
		if (plain.length() > 80) {
			plain = plain.substring(0, 80).replaceAll("-+$", "");
		}
		return plain;
	}

}
