package io.sermonflow.listen;

import java.time.Duration;
import java.util.List;

import io.sermonflow.support.Chrome;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's phone-sized browser (headless Chromium) on a published sermon's page: the
 * player starts through hls.js and the transcript highlight follows the audio.
 */
@SermonflowTest
class ListenerBrowserTest {

	@LocalServerPort
	int port;

	ChromeDriver browser;

	@BeforeEach
	void open() {
		this.browser = Chrome.open(390, 844);
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void the_sermon_page_plays_through_hls_js_and_the_transcript_highlight_follows_the_audio() throws Exception {
		Listening.Spoken spoken = Listening.spokenSermon(this.port);
		this.browser.get("http://127.0.0.1:" + this.port + "/sermons/" + spoken.id());
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		// htmx swaps live fragments: an element found a moment ago may be gone; look
		// again
		wait.ignoring(StaleElementReferenceException.class);
		List<WebElement> lines = this.browser.findElements(By.cssSelector("#transcript li"));
		assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
		JavascriptExecutor js = this.browser;
		assertThat(js.executeScript("return typeof Hls !== 'undefined' && Hls.isSupported()")).isEqualTo(true);

		// a listener taps play; the audio runs at 4x so the test need not wait long
		js.executeScript("var a = document.getElementById('player'); a.playbackRate = 4; a.play();");
		wait.until((driver) -> current() == 0 || current() == 1);
		int first = current();
		wait.until((driver) -> current() > first + 1);
		Number time = (Number) js.executeScript("return document.getElementById('player').currentTime");
		int highlighted = current();
		double lineStart = Double.parseDouble(lines.get(highlighted).getDomAttribute("data-start"));
		assertThat(time.doubleValue()).isGreaterThanOrEqualTo(lineStart - 0.5);
		// the stream came through hls.js (Media Source Extensions), not the progressive
		// file
		assertThat((String) js.executeScript("return document.getElementById('player').currentSrc"))
			.startsWith("blob:");

		// tapping a later line seeks there
		WebElement last = lines.get(lines.size() - 1);
		last.findElement(By.cssSelector("button.seek")).click();
		wait.until((driver) -> current() == lines.size() - 1);

		Chrome.screenshot(this.browser, "sermon-page");
	}

	private int current() {
		Object index = ((JavascriptExecutor) this.browser)
			.executeScript("var lines = Array.from(document.querySelectorAll('#transcript li'));"
					+ "return lines.findIndex(function (li) { return li.classList.contains('current'); });");
		return ((Number) index).intValue();
	}

}
