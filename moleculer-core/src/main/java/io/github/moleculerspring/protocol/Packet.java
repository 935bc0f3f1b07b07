package io.github.moleculerspring.protocol;

/**
 * A Moleculer packet. The type is not part of the payload: it is implied by the subject the packet
 * travels on. Every packet carries the protocol version ({@code ver}) and the sending node
 * ({@code sender}).
 */
public sealed interface Packet permits DiscoverPacket, InfoPacket, HeartbeatPacket, RequestPacket, ResponsePacket,
		EventPacket, PingPacket, PongPacket, DisconnectPacket {

	/** The packet type. */
	PacketType type();

	/** The protocol version string ({@code "4"} or {@code "5"}). */
	String ver();

	/** The node ID of the node that sent the packet. */
	String sender();

}
