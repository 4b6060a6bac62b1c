package io.sermonflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its own chromedriver, named, so Selenium never looks
 * for a driver on the network; no sync, updates or background traffic.
 */
public final class Chrome {

	private Chrome() {
	}

	public static ChromeDriver open(int width, int height) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(Path.of("/usr/bin/chromium").toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--mute-audio",
				"--window-size=" + width + "," + height, "--autoplay-policy=no-user-gesture-required");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	/** Saves what the browser shows under {@code target/screenshots}. */
	/**
	 * Fills the sign-in form the browser is on as the built-in admin and waits for the
	 * console's dashboard.
	 */
	public static void signInAsAdmin(ChromeDriver browser, WebDriverWait wait) {
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys(Api.ADMIN_PASSWORD);
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		wait.until((driver) -> driver.getCurrentUrl().endsWith("/console"));
	}

	public static void screenshot(ChromeDriver browser, String name) {
		try {
			Path shots = Path.of("target", "screenshots");
			Files.createDirectories(shots);
			Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
