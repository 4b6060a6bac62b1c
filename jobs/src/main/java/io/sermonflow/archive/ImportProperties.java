package io.sermonflow.archive;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pacing of archive imports ({@code SERMONFLOW_IMPORT_*}): how many items the canary
 * processes before a person looks, how many imported sermons are in the pipeline at once
 * (across all imports; the rest of the workers stay free for new uploads), how many are
 * started per hour at most, and how large a feed may be.
 */
@ConfigurationProperties("sermonflow.import")
public record ImportProperties(Integer canary, Integer inFlight, Integer perHour, Integer feedMaxMb) {

	public ImportProperties {
		canary = (canary == null || canary < 0) ? 3 : canary;
		inFlight = (inFlight == null || inFlight < 1) ? 1 : inFlight;
		perHour = (perHour == null || perHour < 1) ? 120 : perHour;
		feedMaxMb = (feedMaxMb == null || feedMaxMb < 1) ? 10 : feedMaxMb;
	}

	int feedMaxBytes() {
		return this.feedMaxMb * 1024 * 1024;
	}

}
