package io.sermonflow.transcript.vocabulary;

/** Numbers as a preacher says them: 31 → "thirty one", 119 → "one hundred nineteen". */
final class SpokenNumbers {

	private static final String[] ONES = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
			"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
			"nineteen" };

	private static final String[] TENS = { "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
			"ninety" };

	private static final String[] ORDINALS = { "", "first", "second", "third" };

	private SpokenNumbers() {
	}

	static String of(int n) {
		if (n < 0 || n > 999) {
			throw new IllegalArgumentException("Only 0 to 999 are spoken here, not " + n);
		}
		if (n < 20) {
			return ONES[n];
		}
		if (n < 100) {
			return TENS[n / 10] + ((n % 10 > 0) ? " " + ONES[n % 10] : "");
		}
		return ONES[n / 100] + " hundred" + ((n % 100 > 0) ? " " + of(n % 100) : "");
	}

	/** "first" for the 1 of "1 Corinthians". */
	static String ordinal(int n) {
		return ORDINALS[n];
	}

}
