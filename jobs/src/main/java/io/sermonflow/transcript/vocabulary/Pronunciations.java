package io.sermonflow.transcript.vocabulary;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How words sound, in the CMU phone set the acoustic model knows: the CMU pronouncing
 * dictionary that ships with {@code pocketsphinx-en-us}, and for a word it lacks (a
 * preacher's name, a Bible name) a letter-to-sound rule: the spelling read left to right,
 * longest spelling first, through a fixed table of English spellings ({@code ch} → CH,
 * {@code ee} → IY, {@code a} → AE …), a doubled consonant read once and a final {@code e}
 * after a consonant silent. It is rough (English spelling is not regular) but close
 * enough for the decoder to pick the word over a wrong one.
 */
final class Pronunciations {

	/** What a vocabulary word may be: letters and inner apostrophes or hyphens. */
	static final Pattern WORD = Pattern.compile("[a-z]+(?:['-][a-z]+)*");

	private static final String[][] SPELLINGS = { { "tch", "CH" }, { "sch", "S K" }, { "igh", "AY" }, { "ch", "CH" },
			{ "sh", "SH" }, { "th", "TH" }, { "ph", "F" }, { "wh", "W" }, { "ck", "K" }, { "ng", "NG" },
			{ "qu", "K W" }, { "gh", "G" }, { "ee", "IY" }, { "ea", "IY" }, { "oo", "UW" }, { "ou", "AW" },
			{ "ow", "OW" }, { "oa", "OW" }, { "ai", "EY" }, { "ay", "EY" }, { "ei", "EY" }, { "ey", "EY" },
			{ "ie", "IY" }, { "au", "AO" }, { "aw", "AO" }, { "oi", "OY" }, { "oy", "OY" }, { "ue", "UW" },
			{ "er", "ER" }, { "ir", "ER" }, { "ur", "ER" }, { "ar", "AA R" }, { "or", "AO R" }, { "a", "AE" },
			{ "b", "B" }, { "c", "K" }, { "d", "D" }, { "e", "EH" }, { "f", "F" }, { "g", "G" }, { "h", "HH" },
			{ "i", "IH" }, { "j", "JH" }, { "k", "K" }, { "l", "L" }, { "m", "M" }, { "n", "N" }, { "o", "AA" },
			{ "p", "P" }, { "q", "K" }, { "r", "R" }, { "s", "S" }, { "t", "T" }, { "u", "AH" }, { "v", "V" },
			{ "w", "W" }, { "x", "K S" }, { "y", "IH" }, { "z", "Z" } };

	private static final Map<Character, String> LONG = Map.of('a', "EY", 'e', "IY", 'i', "AY", 'o', "OW", 'u', "UW");

	private final Map<String, String> dictionary;

	private Pronunciations(Map<String, String> dictionary) {
		this.dictionary = dictionary;
	}

	/** The CMU dictionary's first pronunciation of each word. */
	static Pronunciations read(Path cmudict) throws IOException {
		Map<String, String> dictionary = new LinkedHashMap<>();
		try (BufferedReader reader = Files.newBufferedReader(cmudict, StandardCharsets.UTF_8)) {
			String line;
			while ((line = reader.readLine()) != null) {
				int space = line.indexOf(' ');
				if (space > 0 && !line.startsWith(";;;")) {
					String word = line.substring(0, space);
					if (!word.endsWith(")")) {
						dictionary.putIfAbsent(word, line.substring(space + 1).strip());
					}
				}
			}
		}
		return new Pronunciations(dictionary);
	}

	boolean knows(String word) {
		return this.dictionary.containsKey(word);
	}

	/** The dictionary's pronunciation, else the letter-to-sound rule's. */
	String of(String word) {
		String known = this.dictionary.get(word);
		return (known != null) ? known : spelled(word);
	}

	/** The letter-to-sound rule (see the class comment). */
	static String spelled(String word) {
		String letters = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
		if (letters.isEmpty()) {
			throw new IllegalArgumentException("\"" + word + "\" has no letters to pronounce");
		}
		List<String> phones = new ArrayList<>();
		int at = 0;
		while (at < letters.length()) {
			char c = letters.charAt(at);
			boolean last = at == letters.length() - 1;
			if (c == 'e' && last && at > 0 && !isVowel(letters.charAt(at - 1)) && letters.length() > 2) {
				break;
			}
			if (at > 0 && c == letters.charAt(at - 1) && !isVowel(c)) {
				at++;
				continue;
			}
			if (c == 'c' && !last && "eiy".indexOf(letters.charAt(at + 1)) >= 0) {
				phones.add("S");
				at++;
				continue;
			}
			if (c == 'y' && at == 0) {
				phones.add("Y");
				at++;
				continue;
			}
			if (last && c == 'y') {
				phones.add("IY");
				break;
			}
			if (last && c == 'o' || c == 'o' && at == letters.length() - 2 && letters.charAt(at + 1) == 'h') {
				phones.add("OW");
				break;
			}
			if (isVowel(c) && at + 2 < letters.length() && !isVowel(letters.charAt(at + 1))
					&& "rwxy".indexOf(letters.charAt(at + 1)) < 0 && isVowel(letters.charAt(at + 2))
					&& (at == 0 || !isVowel(letters.charAt(at - 1)))) {
				phones.add(LONG.get(c));
				at++;
				continue;
			}
			for (String[] spelling : SPELLINGS) {
				if (letters.startsWith(spelling[0], at)) {
					phones.add(spelling[1]);
					at += spelling[0].length();
					break;
				}
			}
		}
		return String.join(" ", phones);
	}

	private static boolean isVowel(char c) {
		return "aeiou".indexOf(c) >= 0;
	}

	/** Writes a PocketSphinx dictionary: the CMU words, then {@code extra} words. */
	void write(Path file, Map<String, String> extra) throws IOException {
		try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (Map.Entry<String, String> entry : this.dictionary.entrySet()) {
				out.write(entry.getKey() + " " + entry.getValue() + "\n");
			}
			for (Map.Entry<String, String> entry : extra.entrySet()) {
				if (!this.dictionary.containsKey(entry.getKey())) {
					out.write(entry.getKey() + " " + entry.getValue() + "\n");
				}
			}
		}
	}

}
