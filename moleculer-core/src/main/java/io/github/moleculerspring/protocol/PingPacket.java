package io.github.moleculerspring.protocol;

/**
 * PING: asks for a PONG to measure latency and clock offset.
 * @param time the sender's epoch milliseconds
 * @param id the ping ID echoed in the PONG
 * @param ver the protocol version
 * @param sender the sending node
 */
public record PingPacket(long time, String id, String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.PING;
	}

}
