package io.github.moleculerspring.protocol;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * INFO: a node's description and the services it offers. {@code services: []} withdraws every
 * service (sent first on a graceful stop).
 * @param services the service descriptors
 * @param ipList the node's IP addresses
 * @param hostname the node's host name
 * @param client the client description ({@code {type, version, langVersion}})
 * @param config reserved, {@code {}}
 * @param instanceID a random ID per process start; a change means the node restarted
 * @param metadata node-level metadata
 * @param seq the service-list revision; it goes up on every service change
 * @param ver the protocol version
 * @param sender the sending node
 */
public record InfoPacket(List<ServiceInfo> services, @Nullable List<String> ipList, @Nullable String hostname,
		@Nullable Map<String, Object> client, @Nullable Map<String, Object> config, @Nullable String instanceID,
		@Nullable Map<String, Object> metadata, @Nullable Long seq, String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.INFO;
	}

}
