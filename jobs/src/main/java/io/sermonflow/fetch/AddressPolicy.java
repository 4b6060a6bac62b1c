package io.sermonflow.fetch;

import java.net.InetAddress;
import java.util.Set;

/**
 * Which addresses and ports a sermon URL may lead to (DESIGN.md §4). Refused: 0.0.0.0/8,
 * 127/8, 10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, 192.0.0/24, 198.18/15, 224/4
 * and above; ::, ::1, fc00::/7, fe80::/10, fec0::/10, multicast ff00::/8, Teredo
 * 2001::/32, local-use NAT64 64:ff9b:1::/48; and the IPv4-mapped, IPv4-compatible, 6to4
 * and NAT64 forms of the refused IPv4 ranges. Only ports 80 and 443 unless configured.
 * Tests may allow named extra addresses on any port (their loopback servers); production
 * allows none.
 */
public final class AddressPolicy {

	public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(Set.of(), Set.of(80, 443), Set.of());

	private final Set<InetAddress> alsoAllowed;

	private final Set<Integer> ports;

	private final Set<Source> sources;

	private AddressPolicy(Set<InetAddress> alsoAllowed, Set<Integer> ports, Set<Source> sources) {
		this.alsoAllowed = Set.copyOf(alsoAllowed);
		this.ports = Set.copyOf(ports);
		this.sources = Set.copyOf(sources);
	}

	/**
	 * A policy that also lets through exactly these addresses, on any port: for tests'
	 * own servers.
	 */
	public static AddressPolicy allowingAlso(Set<InetAddress> addresses) {
		return new AddressPolicy(addresses, PUBLIC_ONLY.ports, Set.of());
	}

	/** The same addresses, on these ports. */
	public AddressPolicy onPorts(Set<Integer> ports) {
		if (ports.isEmpty() || ports.stream().anyMatch((port) -> port < 1 || port > 65535)) {
			throw new IllegalArgumentException("Fetch ports must be 1-65535, at least one: " + ports);
		}
		return new AddressPolicy(this.alsoAllowed, ports, this.sources);
	}

	/** The same addresses, on every port: for services an operator configures. */
	public AddressPolicy onAnyPort() {
		return new AddressPolicy(this.alsoAllowed, Set.of(), this.sources);
	}

	/**
	 * The same, and also exactly these origins ({@code host:port},
	 * {@code SERMONFLOW_FETCH_ALLOWED_SOURCES}): an address one of their hosts resolves
	 * to is allowed on that port, whatever its range. The only way to reach a private
	 * address.
	 * @throws IllegalArgumentException naming the setting for a malformed entry
	 */
	public AddressPolicy withSources(java.util.Collection<String> entries) {
		Set<Source> parsed = new java.util.LinkedHashSet<>();
		for (String entry : entries) {
			if (entry != null && !entry.isBlank()) {
				parsed.add(Source.parse(entry.strip()));
			}
		}
		return new AddressPolicy(this.alsoAllowed, this.ports, parsed);
	}

	/** The origins allowed besides public addresses. */
	public Set<Source> sources() {
		return this.sources;
	}

	/** An origin an admin allowed: a host (a name or an address) and a port. */
	public record Source(String host, int port) {

		static Source parse(String entry) {
			int colon = entry.lastIndexOf(':');
			String host = (colon > 0) ? entry.substring(0, colon) : "";
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			String port = (colon > 0) ? entry.substring(colon + 1) : "";
			if (host.isEmpty() || !host.matches("[A-Za-z0-9.:-]{1,253}") || !port.matches("[0-9]{1,5}")
					|| Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
				throw new IllegalArgumentException("SERMONFLOW_FETCH_ALLOWED_SOURCES entry \"" + entry
						+ "\" is not host:port (for example archive.church.internal:8080)");
			}
			return new Source(host.toLowerCase(java.util.Locale.ROOT), Integer.parseInt(port));
		}

		@Override
		public String toString() {
			return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
		}

	}

	/** Why the port is refused at that address, or null when it is allowed. */
	public String portRefusal(InetAddress address, int port) {
		if (this.ports.isEmpty() || this.alsoAllowed.contains(address) || this.ports.contains(port)) {
			return null;
		}
		return "only ports " + new java.util.TreeSet<>(this.ports) + " are fetched (SERMONFLOW_FETCH_PORTS), not "
				+ port;
	}

	/** Why the address is refused, or null when it is allowed. */
	public String refusal(InetAddress address) {
		if (this.alsoAllowed.contains(address)) {
			return null;
		}
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return refusalV4(bytes);
		}
		return refusalV6(bytes);
	}

	private static String refusalV4(byte[] b) {
		int first = b[0] & 0xff;
		int second = b[1] & 0xff;
		if (first == 0) {
			return "0.0.0.0/8 (this network)";
		}
		if (first == 127) {
			return "127.0.0.0/8 (loopback)";
		}
		if (first == 10) {
			return "10.0.0.0/8 (private)";
		}
		if (first == 172 && second >= 16 && second <= 31) {
			return "172.16.0.0/12 (private)";
		}
		if (first == 192 && second == 168) {
			return "192.168.0.0/16 (private)";
		}
		if (first == 100 && second >= 64 && second <= 127) {
			return "100.64.0.0/10 (carrier-grade NAT)";
		}
		if (first == 169 && second == 254) {
			return "169.254.0.0/16 (link-local, cloud metadata)";
		}
		if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
			return "192.0.0.0/24 (IETF protocol assignments)";
		}
		if (first == 198 && (second == 18 || second == 19)) {
			return "198.18.0.0/15 (benchmarking)";
		}
		if (first >= 224) {
			return "224.0.0.0/4 and above (multicast, reserved, broadcast)";
		}
		return null;
	}

	private static String refusalV6(byte[] b) {
		boolean allZeroFirst12 = true;
		for (int i = 0; i < 12; i++) {
			allZeroFirst12 &= b[i] == 0;
		}
		if (allZeroFirst12) {
			boolean lastZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
			if (lastZero && b[15] == 0) {
				return ":: (unspecified)";
			}
			if (lastZero && b[15] == 1) {
				return "::1 (loopback)";
			}
			// IPv4-compatible ::a.b.c.d
			return embedded(b, 12, "IPv4-compatible");
		}
		boolean mapped = true;
		for (int i = 0; i < 10; i++) {
			mapped &= b[i] == 0;
		}
		if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
			return embedded(b, 12, "IPv4-mapped");
		}
		if ((b[0] & 0xfe) == 0xfc) {
			return "fc00::/7 (unique local)";
		}
		if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
			return "fe80::/10 (link-local)";
		}
		if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
			return "fec0::/10 (site-local)";
		}
		if ((b[0] & 0xff) == 0xff) {
			return "ff00::/8 (multicast)";
		}
		if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
			return "2001::/32 (Teredo)";
		}
		if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && b[4] == 0
				&& (b[5] & 0xff) == 0x01) {
			return "64:ff9b:1::/48 (local-use NAT64)";
		}
		if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
			return embedded(b, 2, "6to4");
		}
		if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
			return embedded(b, 12, "NAT64");
		}
		return null;
	}

	private static String embedded(byte[] b, int offset, String form) {
		String refusal = refusalV4(new byte[] { b[offset], b[offset + 1], b[offset + 2], b[offset + 3] });
		return (refusal != null) ? form + " form of " + refusal : null;
	}

}
