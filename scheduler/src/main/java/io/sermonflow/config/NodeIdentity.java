package io.sermonflow.config;

import java.net.InetAddress;
import java.util.UUID;

/**
 * This process's name among the nodes sharing one database: host, pid and a random
 * suffix.
 */
public record NodeIdentity(String nodeId) {

	public static NodeIdentity create() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "node";
		}
		return new NodeIdentity(
				host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
	}

}
