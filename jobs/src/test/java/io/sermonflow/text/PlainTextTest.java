package io.sermonflow.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextTest {

	@Test
	void a_feed_description_in_html_becomes_paragraphs_of_text() {
		String html = "<p>Grace &amp; peace, <b>friends</b>.</p><p>Read&nbsp;Romans&#160;8 &#x2014; "
				+ "<a href=\"https://example.org\">notes</a></p><br/>&ldquo;Amen&rdquo;";
		assertThat(PlainText.ofHtml(html, 4000)).isEqualTo("Grace & peace, friends.\nRead Romans 8 — notes\n\n“Amen”");
	}

	@Test
	void markup_alone_is_no_description_and_a_long_one_is_cut_with_an_ellipsis() {
		assertThat(PlainText.ofHtml("<p> </p><br>", 4000)).isNull();
		assertThat(PlainText.ofHtml(null, 4000)).isNull();
		assertThat(PlainText.ofHtml("word ".repeat(100), 20)).hasSize(20).endsWith("…");
	}

	@Test
	void characters_a_feed_cannot_carry_and_unknown_entities_are_handled() {
		assertThat(PlainText.ofHtml("a\u0001b &#0; &#99999999; &bogus; &lt;tag&gt;", 100))
			.isEqualTo("ab &bogus; <tag>");
	}

}
