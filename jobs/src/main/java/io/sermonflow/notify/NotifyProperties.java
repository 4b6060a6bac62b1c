package io.sermonflow.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code SERMONFLOW_WEBHOOK_URL} and {@code SERMONFLOW_WEBHOOK_SECRET}; unset, staff see
 * notifications in the console only. The secret is never logged.
 */
@ConfigurationProperties("sermonflow.webhook")
public record NotifyProperties(String url, String secret) {

	public NotifyProperties {
		url = (url != null && !url.isBlank()) ? url : null;
		secret = (secret != null && !secret.isBlank()) ? secret : null;
	}

	@Override
	public String toString() {
		return "NotifyProperties[url=" + this.url + ", secret=" + ((this.secret != null) ? "(set)" : "(unset)") + "]";
	}

}
