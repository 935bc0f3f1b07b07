package io.github.moleculerspring.protocol;

import org.jspecify.annotations.Nullable;

/**
 * HEARTBEAT: the liveness signal, sent every heartbeat interval.
 * @param cpu CPU usage in percent (0-100), if known
 * @param seq the sender's service-list revision, sent by some peers; a differing value makes the
 * receiver ask for a fresh INFO
 * @param instanceID the sender's instance ID, sent by some peers
 * @param ver the protocol version
 * @param sender the sending node
 */
public record HeartbeatPacket(@Nullable Integer cpu, @Nullable Long seq, @Nullable String instanceID, String ver,
		String sender) implements Packet {

	public HeartbeatPacket(@Nullable Integer cpu, String ver, String sender) {
		this(cpu, null, null, ver, sender);
	}

	@Override
	public PacketType type() {
		return PacketType.HEARTBEAT;
	}

}
