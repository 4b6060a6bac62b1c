package io.sermonflow.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Checks a URL before anything connects to it: http or https, a host, no credentials, and
 * every address the host resolves to allowed by the {@link AddressPolicy}. The addresses
 * it returns are the only ones a fetch may connect to, so a name that resolves
 * differently a second time (DNS rebinding) changes nothing.
 */
public final class UrlGuard {

	private final Resolver resolver;

	private final AddressPolicy policy;

	public UrlGuard(Resolver resolver, AddressPolicy policy) {
		this.resolver = resolver;
		this.policy = policy;
	}

	public Checked check(String url) {
		if (url == null || url.isBlank() || url.length() > 2000) {
			throw new RefusedUrlException("The URL must be http(s) and at most 2000 characters");
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new RefusedUrlException("The URL is not valid: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new RefusedUrlException("Only http and https URLs are fetched, not \"" + scheme + ":\"");
		}
		if (uri.getRawUserInfo() != null) {
			throw new RefusedUrlException("URLs with credentials are refused");
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			throw new RefusedUrlException("The URL has no host");
		}
		List<InetAddress> addresses;
		try {
			addresses = this.resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
		}
		catch (UnknownHostException ex) {
			throw new RefusedUrlException("The host " + host + " does not resolve");
		}
		if (addresses.isEmpty()) {
			throw new RefusedUrlException("The host " + host + " does not resolve");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : scheme.equals("https") ? 443 : 80;
		for (InetAddress address : addresses) {
			if (allowedSource(address, port)) {
				continue;
			}
			// the range, never the address itself: an error must not map someone's
			// internal names
			String refusal = this.policy.refusal(address);
			if (refusal != null) {
				throw new RefusedUrlException(
						"The host " + host + " resolves to an address Sermonflow does not fetch from: " + refusal);
			}
			String portRefusal = this.policy.portRefusal(address, port);
			if (portRefusal != null) {
				throw new RefusedUrlException("The URL's port is refused: " + portRefusal);
			}
		}
		return new Checked(uri, host, List.copyOf(addresses));
	}

	/**
	 * Whether an admin allowed this address and port as a source: one of the allowed
	 * hosts resolves to it, now, and on this port.
	 */
	private boolean allowedSource(InetAddress address, int port) {
		for (AddressPolicy.Source source : this.policy.sources()) {
			if (source.port() != port) {
				continue;
			}
			try {
				if (this.resolver.resolve(source.host()).contains(address)) {
					return true;
				}
			}
			catch (UnknownHostException ex) {
				// an allowed source that does not resolve allows nothing
			}
		}
		return false;
	}

	/** A URL that passed, with the addresses a connection may use. */
	public record Checked(URI uri, String host, List<InetAddress> addresses) {
	}

}
