package io.github.moleculerspring.protocol;

import io.github.moleculerspring.error.InvalidPacketDataError;

/** Encodes packets to bytes and decodes them back. */
public interface PacketSerializer {

	/**
	 * Encodes a packet, including its {@code ver} and {@code sender}.
	 * @param packet the packet
	 * @return the payload bytes
	 */
	byte[] serialize(Packet packet);

	/**
	 * Decodes a packet of a known type (the type comes from the subject).
	 * @param type the packet type
	 * @param payload the payload bytes
	 * @return the packet
	 * @throws InvalidPacketDataError when the payload is malformed or misses a required field
	 */
	Packet deserialize(PacketType type, byte[] payload);

}
