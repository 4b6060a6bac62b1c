package io.sermonflow.listen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.sermonflow.security.ProblemWriter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits what each client address may ask of the costly public endpoints: search (an
 * embedding and two Elasticsearch queries: {@code GET /api/search}, {@code /?q=},
 * {@code /sermons?q=}), captions and the podcast feed. A token bucket per address
 * ({@code SERMONFLOW_PUBLIC_RATE_PER_MINUTE}, default 60, with a burst of
 * {@code SERMONFLOW_PUBLIC_RATE_BURST}, default 20); past it, a 429 problem with
 * {@code Retry-After}. An IPv6 client is counted by its /64, which one subscriber holds
 * whole. The address is the one Tomcat saw, or a trusted proxy's {@code X-Forwarded-For}.
 * Buckets are per node: N nodes allow N times the rate, which is what each node's CPU can
 * bear anyway. Addresses in {@code SERMONFLOW_PUBLIC_RATE_EXEMPT} (a church website that
 * searches on its visitors' behalf) are not limited.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ListenerRateLimit extends OncePerRequestFilter {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private final Bandwidth bandwidth;

	private final java.util.Set<String> exempt;

	ListenerRateLimit(@Value("${sermonflow.public-rate.per-minute:60}") int perMinute,
			@Value("${sermonflow.public-rate.burst:20}") int burst,
			@Value("${sermonflow.public-rate.exempt:}") java.util.Set<String> exempt) {
		this.exempt = exempt.stream()
			.map(String::strip)
			.filter((address) -> !address.isEmpty())
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
		if (perMinute < 1 || burst < 1) {
			throw new IllegalStateException("SERMONFLOW_PUBLIC_RATE_PER_MINUTE and SERMONFLOW_PUBLIC_RATE_BURST must "
					+ "be at least 1, not " + perMinute + " and " + burst);
		}
		this.bandwidth = Bandwidth.builder()
			.capacity(burst)
			.refillGreedy(perMinute, Duration.ofMinutes(1))
			.initialTokens(burst)
			.build();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
			return true;
		}
		if (this.exempt.contains(request.getRemoteAddr())) {
			return true;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals("/api/search") || path.startsWith("/feeds/")
				|| (path.startsWith("/listen/") && (path.endsWith("/captions.vtt") || path.contains("/transcript.")))) {
			return false;
		}
		String query = request.getParameter("q");
		return !((path.equals("/") || path.equals("/sermons")) && query != null && !query.isBlank());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Bucket bucket = this.buckets.get(client(request.getRemoteAddr()),
				(key) -> Bucket.builder().addLimit(this.bandwidth).build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
		response.setHeader("Retry-After", Long.toString(seconds));
		ProblemWriter.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
				"This address asked for searches, captions or feeds faster than " + this.bandwidth.getRefillTokens()
						+ " a minute; try again in " + seconds + " s");
	}

	/** The address, or its /64 for IPv6. */
	static String client(String remoteAddress) {
		try {
			byte[] bytes = InetAddress.getByName(remoteAddress).getAddress();
			if (bytes.length == 16) {
				java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
				return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
			}
			return remoteAddress;
		}
		catch (UnknownHostException ex) {
			// Tomcat gives a literal; anything else is counted as itself
			return remoteAddress;
		}
	}

}
