package io.sermonflow.sermon;

import java.time.DateTimeException;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The church's time zone ({@code SERMONFLOW_TIME_ZONE}, default UTC): release times are
 * entered and shown in it. An unknown zone stops the application at start-up, naming it.
 */
@ConfigurationProperties("sermonflow")
public record PublishingProperties(String timeZone) {

	public PublishingProperties {
		timeZone = (timeZone == null || timeZone.isBlank()) ? "UTC" : timeZone.strip();
		try {
			ZoneId.of(timeZone);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("SERMONFLOW_TIME_ZONE \"" + timeZone
					+ "\" is not a time zone; use a name such as Europe/Amsterdam");
		}
	}

	public ZoneId zone() {
		return ZoneId.of(this.timeZone);
	}

}
