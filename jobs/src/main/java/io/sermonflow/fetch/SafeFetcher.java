package io.sermonflow.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.media.MediaStore;
import io.sermonflow.media.StoredMedia;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches a sermon from a URL into the media store, never anywhere the {@link UrlGuard}
 * refuses: each hop is checked, the connection goes only to the addresses the check
 * approved (the client's DNS resolver answers with exactly those), redirects are followed
 * by hand and checked again, and size and time are capped.
 */
public class SafeFetcher {

	static final int MAX_REDIRECTS = 5;

	/** Aborts requests at their deadline, however slowly the source sends its headers. */
	private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "fetch-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	private final UrlGuard guard;

	private final Duration timeLimit;

	public SafeFetcher(UrlGuard guard, Duration timeLimit) {
		this.guard = guard;
		this.timeLimit = timeLimit;
	}

	public StoredMedia fetch(String url, MediaStore store, String folder, String name, long maxBytes) {
		return fetch(url, maxBytes, (in) -> store.store(folder, name, in, maxBytes));
	}

	/**
	 * A small document (a feed, a transcript) read whole into memory under the same
	 * guard, deadline and redirect rules; larger than {@code maxBytes} is a
	 * {@link io.sermonflow.media.MediaTooLargeException}.
	 */
	public byte[] fetchBytes(String url, int maxBytes) {
		return fetch(url, maxBytes, (in) -> {
			byte[] bytes = in.readNBytes(maxBytes + 1);
			if (bytes.length > maxBytes) {
				throw new io.sermonflow.media.MediaTooLargeException(maxBytes);
			}
			return bytes;
		});
	}

	private <T> T fetch(String url, long maxBytes, Body<T> body) {
		// monotonic: a wall clock that jumps must not cut a fetch short or stretch it
		long deadline = System.nanoTime() + this.timeLimit.toNanos();
		String current = url;
		for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
			UrlGuard.Checked checked = this.guard.check(current);
			HttpGet get = new HttpGet(checked.uri());
			// the whole fetch, headers and redirects included, ends at the deadline: a
			// source that trickles its headers a byte at a time cannot hold a worker
			ScheduledFuture<?> abort = DEADLINES.schedule(get::cancel, Math.max(0, deadline - System.nanoTime()),
					TimeUnit.NANOSECONDS);
			try (CloseableHttpClient client = clientFor(checked)) {
				Hop<T> result = client.execute(get, (response) -> {
					int status = response.getCode();
					if (status >= 300 && status < 400 && status != 304) {
						Header location = response.getFirstHeader("Location");
						if (location == null) {
							throw new PermanentException("The URL redirected (HTTP " + status + ") without a Location");
						}
						return new Hop<>(checked.uri().resolve(location.getValue().strip()).toString(), null);
					}
					if (status == 429 || status >= 500) {
						throw new RetryableException("The source answered HTTP " + status);
					}
					if (status != 200) {
						throw new PermanentException("The source answered HTTP " + status + " for the URL");
					}
					HttpEntity entity = response.getEntity();
					if (entity == null) {
						throw new PermanentException("The source sent no content");
					}
					if (entity.getContentLength() > maxBytes) {
						throw new io.sermonflow.media.MediaTooLargeException(maxBytes);
					}
					try (InputStream in = new Deadline(entity.getContent(), deadline, this.timeLimit)) {
						return new Hop<>(null, body.read(in));
					}
				});
				if (result.read() != null) {
					return result.read();
				}
				current = result.redirect();
			}
			catch (IOException | RuntimeException ex) {
				if (get.isCancelled() || System.nanoTime() - deadline > 0) {
					throw tooSlow(this.timeLimit);
				}
				if (ex instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new RetryableException("The source could not be fetched: " + ex.getMessage(), ex);
			}
			finally {
				abort.cancel(false);
			}
		}
		throw new PermanentException("The URL redirected more than " + MAX_REDIRECTS + " times");
	}

	/**
	 * A client whose name resolution yields only the checked addresses of the one host.
	 */
	private static CloseableHttpClient clientFor(UrlGuard.Checked checked) {
		InetAddress[] approved = checked.addresses().toArray(new InetAddress[0]);
		DnsResolver pinned = new DnsResolver() {

			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				if (!host.equalsIgnoreCase(checked.host()) && !("[" + host + "]").equalsIgnoreCase(checked.host())) {
					throw new UnknownHostException("Not the checked host: " + host);
				}
				return approved;
			}

			@Override
			public String resolveCanonicalHostname(String host) {
				return host;
			}

		};
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(pinned)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.ofSeconds(10))
					.setSocketTimeout(Timeout.ofSeconds(30))
					.build())
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.setUserAgent("Sermonflow")
			.build();
	}

	private static PermanentException tooSlow(Duration limit) {
		return new PermanentException("The download took longer than "
				+ ((limit.toMinutes() > 0) ? limit.toMinutes() + " minutes" : limit.toSeconds() + " s")
				+ ", headers included");
	}

	/** What to do with a response's body. */
	@FunctionalInterface
	private interface Body<T> {

		T read(InputStream in) throws IOException;

	}

	private record Hop<T>(String redirect, T read) {
	}

	/** Ends a download that runs past the time cap. */
	private static final class Deadline extends FilterInputStream {

		private final long deadline;

		private final Duration limit;

		Deadline(InputStream in, long deadline, Duration limit) {
			super(in);
			this.deadline = deadline;
			this.limit = limit;
		}

		private void check() {
			if (System.nanoTime() - this.deadline > 0) {
				throw tooSlow(this.limit);
			}
		}

		@Override
		public int read() throws IOException {
			check();
			return super.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			check();
			return super.read(buffer, offset, length);
		}

	}

	static URI uri(String value) {
		return URI.create(value);
	}

}
