package io.github.moleculerspring.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * REQUEST ({@code REQ}/{@code REQB}): calls an action on the receiving node.
 * @param id the context ID, echoed in the RESPONSE and used as the pending-request key
 * @param action the full action name ({@code v2.greeter.hello})
 * @param params the parameters: on receipt a {@code JsonNode}; when sending any JSON-serializable
 * value
 * @param meta the whole {@code ctx.meta}
 * @param headers the call headers (protocol 5; {@code null} in protocol 4)
 * @param timeout the remaining distributed timeout in milliseconds, {@code 0} for none
 * @param level the call depth, 1 for a top-level call
 * @param tracing the sampled flag, {@code null} when tracing is off
 * @param parentID the parent context (or span) ID
 * @param requestID the root request ID
 * @param caller the calling service's full name
 * @param stream whether this is a stream chunk packet
 * @param seq the stream chunk sequence, only in stream packets
 * @param ver the protocol version
 * @param sender the sending node
 */
public record RequestPacket(String id, String action, @Nullable Object params, Map<String, Object> meta,
		@Nullable Map<String, Object> headers, double timeout, int level, @Nullable Boolean tracing,
		@Nullable String parentID, @Nullable String requestID, @Nullable String caller, @Nullable Boolean stream,
		@Nullable Integer seq, String ver, String sender) implements Packet {

	@Override
	public PacketType type() {
		return PacketType.REQUEST;
	}

}
