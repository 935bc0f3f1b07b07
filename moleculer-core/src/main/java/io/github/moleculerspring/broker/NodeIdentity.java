package io.github.moleculerspring.broker;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's identity as a Moleculer node: host name, IP addresses, and default node IDs
 * ({@code <hostname>-<pid>}, as Moleculer does, with a suffix for a second broker in the same JVM).
 */
final class NodeIdentity {

	private static final Set<String> DEFAULT_IDS_IN_USE = ConcurrentHashMap.newKeySet();

	private static volatile String hostname;

	private NodeIdentity() {
	}

	/** This library's version, from the jar's manifest. */
	static String libraryVersion() {
		String version = NodeIdentity.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "0.1.0-SNAPSHOT";
	}

	/** The client description published in INFO: Java, this library's version, the JVM's version. */
	static Map<String, Object> clientInfo(String version) {
		return Map.of("type", "java", "version", version, "langVersion", System.getProperty("java.version", "unknown"));
	}

	static String hostname() {
		String current = hostname;
		if (current == null) {
			current = System.getenv("HOSTNAME");
			if (current == null || current.isBlank()) {
				try {
					current = InetAddress.getLocalHost().getHostName();
				}
				catch (Exception ex) {
					current = "localhost";
				}
			}
			hostname = current;
		}
		return current;
	}

	/** Claims a default node ID unique within this JVM. */
	static String claimDefaultNodeID() {
		String base = hostname().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s*>]", "_") + "-"
				+ ProcessHandle.current().pid();
		if (DEFAULT_IDS_IN_USE.add(base)) {
			return base;
		}
		for (int i = 2;; i++) {
			String candidate = base + "-" + i;
			if (DEFAULT_IDS_IN_USE.add(candidate)) {
				return candidate;
			}
		}
	}

	static void releaseDefaultNodeID(String nodeID) {
		DEFAULT_IDS_IN_USE.remove(nodeID);
	}

	/** The IPv4 addresses of the up, non-loopback interfaces. */
	static List<String> ipList() {
		List<String> result = new ArrayList<>();
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!nic.isUp() || nic.isLoopback()) {
					continue;
				}
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (address instanceof Inet4Address) {
						result.add(address.getHostAddress());
					}
				}
			}
		}
		catch (SocketException | RuntimeException ex) {
			// no interfaces readable: an empty list
		}
		return result;
	}

}
