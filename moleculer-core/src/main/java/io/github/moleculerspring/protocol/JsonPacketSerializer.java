package io.github.moleculerspring.protocol;

import io.github.moleculerspring.error.InvalidPacketDataError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moleculer's default JSON serializer on Jackson 3: UTF-8 JSON objects with the packet fields in
 * the order Moleculer.js writes them, then {@code ver} and {@code sender}.
 *
 * <p>
 * Decoding is strict about types and lenient about presence: unknown fields are skipped, optional
 * fields may be missing or {@code null}, and a required field that is missing or has the wrong JSON
 * type makes the whole packet an {@link InvalidPacketDataError} (never a half-processed packet).
 * {@code params} and {@code data} are decoded as {@link JsonNode} trees and never bound to classes
 * named in the packet, so a packet cannot make Jackson instantiate arbitrary types.
 *
 * <p>
 * This is the hottest code of a remote call, so plain values are read and written on the streaming
 * API (see {@link JsonValues}) and each thread reuses its output buffer.
 */
public final class JsonPacketSerializer implements PacketSerializer {

	/** The nesting depth accepted in a packet; deeper payloads are rejected as invalid. */
	public static final int MAX_NESTING_DEPTH = 128;

	private final JsonMapper mapper;

	private final JsonPacketWriter writer;

	private final JsonPacketReader reader;

	/**
	 * Creates a serializer that writes user values with the given mapper (its modules and settings
	 * apply to params, results and meta). Reading uses a separate mapper that only builds trees and
	 * plain maps, with a nesting limit against hostile input.
	 * @param mapper the application's mapper
	 */
	public JsonPacketSerializer(JsonMapper mapper) {
		this.mapper = mapper;
		this.writer = new JsonPacketWriter(mapper);
		this.reader = new JsonPacketReader(MAX_NESTING_DEPTH);
	}

	/** A serializer with a default mapper. */
	public JsonPacketSerializer() {
		this(JsonMapper.builder().build());
	}

	/** The mapper used to write user values. */
	public JsonMapper mapper() {
		return this.mapper;
	}

	@Override
	public byte[] serialize(Packet packet) {
		return this.writer.write(packet);
	}

	@Override
	public Packet deserialize(PacketType type, byte[] payload) {
		return this.reader.read(type, payload);
	}

}
