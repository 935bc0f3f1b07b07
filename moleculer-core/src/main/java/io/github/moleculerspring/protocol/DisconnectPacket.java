package io.github.moleculerspring.protocol;

/**
 * DISCONNECT: the last packet of a graceful stop; receivers mark the sender offline at once.
 * @param ver the protocol version
 * @param sender the sending node
 */
public record DisconnectPacket(String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.DISCONNECT;
	}

}
