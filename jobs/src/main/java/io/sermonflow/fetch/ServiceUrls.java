package io.sermonflow.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the URLs an operator configures for services Sermonflow calls (the webhook,
 * Deepgram) with the same address rules as a sermon URL, so a mistyped or planted setting
 * cannot point the server at its own network. Addresses listed in
 * {@code SERMONFLOW_SERVICE_ADDRESSES} (a local stub, an internal receiver) are allowed
 * on any port; other addresses must be public, on any port. The error names the setting
 * and the host, never the URL: a webhook URL often carries a token.
 */
public final class ServiceUrls {

	private final Resolver resolver;

	private final Set<InetAddress> listed;

	public ServiceUrls(Resolver resolver, Set<InetAddress> listed) {
		this.resolver = resolver;
		this.listed = Set.copyOf(listed);
	}

	/** Parses {@code SERMONFLOW_SERVICE_ADDRESSES}: IP literals only, never names. */
	public static Set<InetAddress> literals(Set<String> addresses) {
		Set<InetAddress> parsed = new HashSet<>();
		for (String address : addresses) {
			String literal = address.strip();
			if (literal.isEmpty()) {
				continue;
			}
			if (!literal.matches("[0-9a-fA-F:.]+") || !literal.matches(".*[.:].*")) {
				throw new IllegalStateException("SERMONFLOW_SERVICE_ADDRESSES lists \"" + literal
						+ "\", which is not an IP address; list addresses, not names");
			}
			try {
				parsed.add(InetAddress.getByName(literal));
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException("SERMONFLOW_SERVICE_ADDRESSES lists \"" + literal
						+ "\", which is not an IP address; list addresses, not names");
			}
		}
		return parsed;
	}

	/**
	 * The URL, checked; {@code httpsOnly} also refuses plain http, except to a listed
	 * address. Throws {@link IllegalStateException} naming {@code setting} and the fault.
	 */
	public URI check(String setting, String url, boolean httpsOnly) {
		UrlGuard.Checked checked;
		try {
			checked = new UrlGuard(this.resolver, AddressPolicy.allowingAlso(this.listed).onAnyPort()).check(url);
		}
		catch (RefusedUrlException ex) {
			throw new IllegalStateException(setting + " is refused: " + ex.getMessage()
					+ ". Services must be at public addresses, or at one listed in SERMONFLOW_SERVICE_ADDRESSES");
		}
		boolean plain = "http".equalsIgnoreCase(checked.uri().getScheme());
		if (httpsOnly && plain && !this.listed.containsAll(checked.addresses())) {
			throw new IllegalStateException(setting + " must be an https URL: the API key would cross the network in "
					+ "clear text (plain http is allowed only to an address in SERMONFLOW_SERVICE_ADDRESSES)");
		}
		return checked.uri();
	}

}
