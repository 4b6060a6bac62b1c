package io.sermonflow.console;

import java.time.Duration;

import io.sermonflow.support.Api;
import io.sermonflow.support.Chrome;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff correct a line of a transcript in the console in headless Chromium, and the
 * public page and captions show the correction.
 */
@SermonflowTest
class TranscriptEditorBrowserTest {

	static final String WORD = "hallelujahquux";

	@LocalServerPort
	int port;

	ChromeDriver browser;

	@BeforeEach
	void open() {
		this.browser = Chrome.open(1280, 900);
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	@Test
	void staff_correct_a_line_in_the_console_and_the_public_page_shows_it() {
		String id = Listening.spokenSermon(this.port).id();
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(60));
		// htmx swaps live fragments: an element found a moment ago may be gone; look
		// again
		wait.ignoring(StaleElementReferenceException.class);
		this.browser.get(url("/login"));
		Chrome.signInAsAdmin(this.browser, wait);

		this.browser.get(url("/console/sermons/" + id));
		String version = this.browser.findElement(By.id("transcript-version")).getText();
		WebElement line = this.browser.findElement(By.cssSelector("#seg-0 input[name=text]"));
		String corrected = line.getAttribute("value") + " " + WORD;
		line.clear();
		line.sendKeys(corrected);
		this.browser.findElement(By.cssSelector("#seg-0 button[type=submit]")).click();
		wait.until((driver) -> driver.getPageSource().contains("Line 1 saved as version"));
		assertThat(this.browser.findElement(By.id("transcript-version")).getText())
			.isEqualTo(Integer.toString(Integer.parseInt(version) + 1));
		Chrome.screenshot(this.browser, "console-transcript-editor");

		// a line's time plays the audio from there
		WebElement play = this.browser.findElement(By.cssSelector("#seg-1 button.play-line"));
		double start = Double.parseDouble(play.getAttribute("data-start"));
		play.click();
		wait.until((driver) -> ((Number) this.browser
			.executeScript("return document.getElementById('console-player').currentTime"))
			.doubleValue() >= start - 0.5);

		// the text cursor after the first word splits the line there; merging puts it
		// back
		int lines = this.browser.findElements(By.cssSelector("ol.transcript li")).size();
		WebElement text = this.browser.findElement(By.cssSelector("#seg-1 input[name=text]"));
		String before = text.getAttribute("value");
		int caret = before.indexOf(' ') + 1;
		this.browser.executeScript("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], arguments[1]);"
				+ "arguments[0].dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));", text, caret);
		assertThat(this.browser.findElement(By.cssSelector("#seg-1 .split-word")).getAttribute("value")).isEqualTo("2");
		this.browser.findElement(By.cssSelector("#seg-1 .segment-split button")).click();
		wait.until((driver) -> driver.getPageSource().contains("Line 2 split"));
		assertThat(this.browser.findElements(By.cssSelector("ol.transcript li"))).hasSize(lines + 1);
		assertThat(this.browser.findElement(By.cssSelector("#seg-1 input[name=text]")).getAttribute("value"))
			.isEqualTo(before.substring(0, caret - 1));
		this.browser.findElement(By.cssSelector("#seg-1 .segment-merge button")).click();
		wait.until((driver) -> driver.getPageSource().contains("Lines 2 and 3 merged"));
		assertThat(this.browser.findElements(By.cssSelector("ol.transcript li"))).hasSize(lines);
		assertThat(this.browser.findElement(By.cssSelector("#seg-1 input[name=text]")).getAttribute("value"))
			.isEqualTo(before);

		this.browser.get(url("/sermons/" + id));
		assertThat(this.browser.getPageSource()).contains(WORD);
		// captions are cached until the sermon changes, seen within seconds
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> Api.anonymous(this.port).get("/listen/" + id + "/captions.vtt").body().contains(WORD));
	}

}
