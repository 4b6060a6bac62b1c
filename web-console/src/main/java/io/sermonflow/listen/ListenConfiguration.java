package io.sermonflow.listen;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What listening needs configured: its properties, and Tomcat's handling of odd paths.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ StreamProperties.class, PodcastProperties.class })
class ListenConfiguration {

	/**
	 * Listener files are served ahead of request observation and security, whose work
	 * would be most of a segment's cost.
	 */
	@Bean
	FilterRegistrationBean<StreamingFilter> listenerFiles(Streaming streaming) {
		FilterRegistrationBean<StreamingFilter> registration = new FilterRegistrationBean<>(
				new StreamingFilter(streaming));
		registration.addUrlPatterns("/listen/*");
		// after the rate limit, which guards captions
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * Tomcat answers an encoded slash or backslash in a path with its own 400; passed
	 * through still encoded, such probes reach the security firewall, which turns every
	 * traversal attempt into the same plain 404 as any missing file.
	 */
	@Bean
	TomcatConnectorCustomizer encodedSeparatorsReachTheFirewall() {
		return (connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		};
	}

}
