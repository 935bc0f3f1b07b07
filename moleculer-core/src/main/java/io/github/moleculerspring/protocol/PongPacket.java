package io.github.moleculerspring.protocol;

/**
 * PONG: the answer to a PING.
 * @param time the pinger's epoch milliseconds, echoed
 * @param id the ping ID, echoed
 * @param arrived the responder's epoch milliseconds when the PING arrived
 * @param ver the protocol version
 * @param sender the sending node
 */
public record PongPacket(long time, String id, long arrived, String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.PONG;
	}

}
