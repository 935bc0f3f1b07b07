package io.github.moleculerspring.protocol;

/**
 * DISCOVER: asks every node (broadcast) or one node (targeted) for its INFO.
 * @param ver the protocol version
 * @param sender the sending node
 */
public record DiscoverPacket(String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.DISCOVER;
	}

}
