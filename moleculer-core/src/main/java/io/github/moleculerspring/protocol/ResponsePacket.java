package io.github.moleculerspring.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * RESPONSE ({@code RES}): the result of a REQUEST, sent to the requesting node.
 * @param id the REQUEST ID
 * @param meta the callee's {@code ctx.meta} at the end of the call (also on errors)
 * @param headers the response headers (protocol 5; may be {@code null})
 * @param success whether the call succeeded
 * @param data the result: on receipt a {@code JsonNode} ({@link Packets#ABSENT} when the field is
 * missing); when sending any JSON-serializable value
 * @param error the error object when {@code success} is false
 * @param stream stream flag, only in stream responses
 * @param seq stream chunk sequence, only in stream responses
 * @param ver the protocol version
 * @param sender the sending node
 */
public record ResponsePacket(String id, Map<String, Object> meta, @Nullable Map<String, Object> headers,
		boolean success, @Nullable Object data, @Nullable Map<String, Object> error, @Nullable Boolean stream,
		@Nullable Integer seq, String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.RESPONSE;
	}

}
