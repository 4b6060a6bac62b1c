package io.sermonflow.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name to addresses; injected so tests check addresses without touching the network. */
@FunctionalInterface
public interface Resolver {

	Resolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

	List<InetAddress> resolve(String host) throws UnknownHostException;

}
