package io.sermonflow.transcript.vocabulary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.scripture.Book;

/**
 * The text the sermon language model learns from: the World English Bible sentence by
 * sentence, common sermon phrasing ({@code asr/sermon-phrases.txt}), and references as
 * preachers say them ("turn with me to first corinthians chapter thirteen", "john three
 * sixteen"). Text is as a recogniser hears it: lower case, numbers as words, no
 * punctuation.
 */
final class SermonCorpus {

	/** The class token that stands for the words staff add in the console. */
	static final String STAFF_CLASS = "[staff]";

	/**
	 * A word the CMU dictionary lacks is given a letter-to-sound pronunciation when it
	 * occurs this often (Bible names); a rarer one splits its sentence and is dropped.
	 */
	static final int SPELLED_MIN_COUNT = 3;

	private static final Pattern SENTENCE_END = Pattern.compile("[.;:!?]+");

	private static final Pattern NUMBER = Pattern.compile("\\d{1,3}");

	/** The words, each a sentence. */
	final List<String> sentences;

	/** Words of the corpus the CMU dictionary lacks, with their spelled pronunciation. */
	final Map<String, String> spelled;

	private SermonCorpus(List<String> sentences, Map<String, String> spelled) {
		this.sentences = sentences;
		this.spelled = spelled;
	}

	static SermonCorpus of(List<String> bibleTexts, Pronunciations pronunciations) {
		List<String> raw = new ArrayList<>();
		for (String verse : bibleTexts) {
			for (String sentence : SENTENCE_END.split(verse)) {
				raw.add(normalise(sentence));
			}
		}
		raw.addAll(phrases());
		raw.addAll(references());
		Map<String, Integer> unknown = new HashMap<>();
		for (String sentence : raw) {
			for (String word : sentence.split(" ")) {
				if (!word.isEmpty() && !word.equals(STAFF_CLASS) && !pronunciations.knows(word)) {
					unknown.merge(word, 1, Integer::sum);
				}
			}
		}
		Map<String, String> spelled = new LinkedHashMap<>();
		unknown.forEach((word, count) -> {
			if (count >= SPELLED_MIN_COUNT && Pronunciations.WORD.matcher(word).matches()) {
				spelled.put(word, Pronunciations.spelled(word));
			}
		});
		List<String> sentences = new ArrayList<>();
		for (String sentence : raw) {
			StringBuilder kept = new StringBuilder();
			for (String word : sentence.split(" ")) {
				boolean usable = word.equals(STAFF_CLASS) || pronunciations.knows(word) || spelled.containsKey(word);
				if (usable) {
					kept.append((kept.length() > 0) ? " " : "").append(word);
				}
				else if (kept.length() > 0) {
					sentences.add(kept.toString());
					kept.setLength(0);
				}
			}
			if (kept.length() > 0) {
				sentences.add(kept.toString());
			}
		}
		return new SermonCorpus(sentences, spelled);
	}

	/**
	 * Lower case, numbers spoken, only letters, apostrophes inside words and single
	 * spaces.
	 */
	static String normalise(String text) {
		String lower = text.toLowerCase(Locale.ROOT).replace('’', '\'').replace('‘', '\'');
		Matcher number = NUMBER.matcher(lower);
		StringBuilder spoken = new StringBuilder();
		while (number.find()) {
			number.appendReplacement(spoken, " " + SpokenNumbers.of(Integer.parseInt(number.group())) + " ");
		}
		number.appendTail(spoken);
		return spoken.toString()
			.replaceAll("[^a-z'\\[\\] ]+", " ")
			.replaceAll("(^|\\s)'+|'+(\\s|$)", " ")
			.replaceAll("\\s+", " ")
			.strip();
	}

	static List<String> phrases() {
		List<String> phrases = new ArrayList<>();
		try (InputStream in = SermonCorpus.class.getResourceAsStream("/asr/sermon-phrases.txt");
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank() && !line.startsWith("#")) {
					phrases.add(normalise(line));
				}
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return phrases;
	}

	/** Every book and chapter as it is announced, and verses as they are cited. */
	static List<String> references() {
		List<String> references = new ArrayList<>();
		for (Book book : Book.values()) {
			String name = spokenName(book);
			references.add("the book of " + name);
			references.add("turn with me to " + name);
			for (int chapter = 1; chapter <= book.chapters; chapter++) {
				String c = SpokenNumbers.of(chapter);
				references.add("turn with me to " + name + " chapter " + c);
				references.add(name + " chapter " + c + " verse " + SpokenNumbers.of(1 + (chapter * 7) % 30));
				references.add(name + " " + c + " " + SpokenNumbers.of(1 + (chapter * 11) % 25));
				references.add(name + " chapter " + c + " verses " + SpokenNumbers.of(1 + chapter % 20) + " through "
						+ SpokenNumbers.of(5 + chapter % 20));
			}
		}
		return references;
	}

	/** "1 Corinthians" as said: "first corinthians". */
	static String spokenName(Book book) {
		String display = book.display.toLowerCase(Locale.ROOT);
		if (Character.isDigit(display.charAt(0))) {
			return SpokenNumbers.ordinal(display.charAt(0) - '0') + display.substring(1);
		}
		return display;
	}

}
