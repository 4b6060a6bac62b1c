package io.sermonflow.security;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.catalina.valves.RemoteIpValve;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Behind a reverse proxy: the client's address and scheme come from the proxy's
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only when the request comes from
 * a proxy listed in {@code SERMONFLOW_TRUSTED_PROXIES} (comma-separated addresses);
 * anyone else sending those headers is ignored, so a client cannot pick the address its
 * sign-in failures count against. With {@code SERMONFLOW_PUBLIC_URL} on https the session
 * cookie is Secure whatever the request looked like.
 */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxies(
			@Value("${sermonflow.trusted-proxies:}") String proxies,
			@Value("${sermonflow.public-url:}") String publicUrl) {
		return (factory) -> {
			RemoteIpValve valve = new RemoteIpValve();
			valve.setInternalProxies(internalProxies(proxies));
			valve.setTrustedProxies(null);
			valve.setRemoteIpHeader("X-Forwarded-For");
			valve.setProtocolHeader("X-Forwarded-Proto");
			factory.addEngineValves(valve);
			if (publicUrl.startsWith("https://")) {
				factory.addContextCustomizers(
						(context) -> context.getServletContext().getSessionCookieConfig().setSecure(true));
			}
		};
	}

	/** A pattern matching exactly the listed addresses; none listed, none trusted. */
	static String internalProxies(String proxies) {
		String listed = Arrays.stream(proxies.split(","))
			.map(String::strip)
			.filter((address) -> !address.isEmpty())
			.map(Pattern::quote)
			.collect(Collectors.joining("|"));
		return listed.isEmpty() ? "^$" : "^(" + listed + ")$";
	}

}
