package io.sermonflow.listen;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Signed listener URLs. With a {@code signingKey}, every URL under {@code /listen/{id}/}
 * needs a token made with it; pages hand out tokens valid for {@code tokenTtl}, the
 * podcast feed ones valid for {@code feedTokenTtl} (podcast apps download long after they
 * read the feed).
 */
@ConfigurationProperties("sermonflow.stream")
record StreamProperties(String signingKey, Duration tokenTtl, Duration feedTokenTtl) {

	StreamProperties {
		signingKey = (signingKey == null || signingKey.isBlank()) ? null : signingKey;
		tokenTtl = (tokenTtl != null) ? tokenTtl : Duration.ofHours(6);
		feedTokenTtl = (feedTokenTtl != null) ? feedTokenTtl : Duration.ofDays(7);
	}

	@Override
	public String toString() {
		return "StreamProperties[signingKey=" + ((this.signingKey != null) ? "(set)" : "(unset)") + ", tokenTtl="
				+ this.tokenTtl + ", feedTokenTtl=" + this.feedTokenTtl + "]";
	}

}
