package io.sermonflow.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.sermonflow.media.TestAudio;
import io.sermonflow.support.Api;
import io.sermonflow.support.Chrome;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A staff member in headless Chromium: signs in, uploads a sermon and watches its run
 * turn green without reloading, then retries a failed run from its page.
 */
@SermonflowTest
class ConsoleBrowserTest {

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

	private Object js(String script) {
		return ((JavascriptExecutor) this.browser).executeScript(script);
	}

	private String runStatus() {
		return this.browser.findElement(By.id("run-status")).getText();
	}

	@Test
	void staff_upload_a_sermon_watch_its_run_go_green_live_and_retry_a_failed_run() throws Exception {
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(120));
		// htmx swaps live fragments: an element found a moment ago may be gone; look
		// again
		wait.ignoring(StaleElementReferenceException.class);
		this.browser.get(url("/console"));
		assertThat(this.browser.getCurrentUrl()).endsWith("/login");
		Chrome.signInAsAdmin(this.browser, wait);
		Chrome.screenshot(this.browser, "console-dashboard");

		// upload, with the page's progress bar, and follow to the sermon
		Path dir = Files.createTempDirectory("sermonflow-console");
		Path tone = TestAudio.tone(dir.resolve("evening.mp3"), 12, 440);
		this.browser.get(url("/console/sermons"));
		this.browser.findElement(By.id("file")).sendKeys(tone.toAbsolutePath().toString());
		this.browser.findElement(By.id("title")).sendKeys("Evening prayer");
		this.browser.findElement(By.id("preacher")).sendKeys("Ann Example");
		js("document.getElementById('preachedOn').value = '2026-11-22'");
		this.browser.findElement(By.cssSelector("#upload button[type=submit]")).click();
		wait.until((driver) -> driver.getCurrentUrl().matches(".*/console/sermons/[0-9a-f-]{36}$"));
		String sermonPage = this.browser.getCurrentUrl();

		// the pipeline's run appears once the intake has taken the event
		wait.until((driver) -> {
			driver.navigate().refresh();
			return !driver.findElements(By.id("pipeline-run")).isEmpty();
		});
		this.browser.findElement(By.id("pipeline-run")).click();
		wait.until((driver) -> !driver.findElements(By.id("run-status")).isEmpty());
		js("window.notReloaded = true");
		wait.until((driver) -> "SUCCEEDED".equals(runStatus()));
		assertThat(js("return window.notReloaded === true")).as("the status changed without a reload").isEqualTo(true);
		assertThat(this.browser.findElements(By.cssSelector("svg.graph rect.st-SUCCEEDED"))).hasSize(12);
		Chrome.screenshot(this.browser, "console-run");
		this.browser.get(url("/console"));
		assertThat(this.browser.findElement(By.cssSelector("ul.notifications")).getText())
			.contains("Published: Evening prayer");
		// the notification names the sermon; the console makes the link to its page
		assertThat(
				this.browser.findElement(By.linkText("Published: Evening prayer (Ann Example)")).getAttribute("href"))
			.isEqualTo(sermonPage);

		// a failed run: open it, retry it, watch it succeed
		String runId = Api.admin(this.port)
			.trigger("demo-flaky",
					"{\"data\":{\"failTimes\":1,\"permanent\":true,\"key\":\"browser-" + UUID.randomUUID() + "\"}}");
		Api.admin(this.port).awaitStatus(runId, "FAILED");
		this.browser.get(url("/console/failures"));
		Chrome.screenshot(this.browser, "console-failures");
		this.browser.get(url("/console/runs/" + runId));
		assertThat(runStatus()).isEqualTo("FAILED");
		Chrome.screenshot(this.browser, "console-failed-run");
		this.browser.findElement(By.id("retry")).click();
		wait.until((driver) -> driver.getPageSource().contains("Retry queued"));
		js("window.notReloaded = true");
		wait.until((driver) -> "SUCCEEDED".equals(runStatus()));
		assertThat(js("return window.notReloaded === true")).isEqualTo(true);

		this.browser.get(url("/console/runs"));
		Chrome.screenshot(this.browser, "console-runs");
		this.browser.get(url("/console/dags/sermon-ingest"));
		Chrome.screenshot(this.browser, "console-dag");
	}

}
