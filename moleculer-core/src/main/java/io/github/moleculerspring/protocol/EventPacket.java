package io.github.moleculerspring.protocol;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * EVENT ({@code EVENT}/{@code EVENTB}): delivers an event to the receiving node.
 * @param id the context ID of this delivery
 * @param event the event name
 * @param data the payload: on receipt a {@code JsonNode} ({@link Packets#ABSENT} when missing);
 * when sending any JSON-serializable value
 * @param groups the groups the receiver must handle; {@code null} means every group
 * @param broadcast {@code true} for a broadcast, {@code false} for a balanced emit
 * @param meta the emitter's {@code ctx.meta}
 * @param headers the event headers (protocol 5; {@code null} in protocol 4)
 * @param level the call depth
 * @param tracing the sampled flag, {@code null} when tracing is off
 * @param parentID the parent context (or span) ID
 * @param requestID the root request ID
 * @param caller the emitting service's full name
 * @param ver the protocol version
 * @param sender the sending node
 */
public record EventPacket(String id, String event, @Nullable Object data, @Nullable List<String> groups,
		boolean broadcast, Map<String, Object> meta, @Nullable Map<String, Object> headers, int level,
		@Nullable Boolean tracing, @Nullable String parentID, @Nullable String requestID, @Nullable String caller,
		String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.EVENT;
	}

}
