package io.github.moleculerspring.transport;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.context.Ids;
import io.github.moleculerspring.protocol.EventPacket;
import io.github.moleculerspring.protocol.Packets;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.protocol.RequestPacket;
import org.jspecify.annotations.Nullable;

/**
 * The mapping between contexts and the data-plane packets, both ways: a call's context becomes a
 * REQUEST and an event's context an EVENT (parameters default to {@code {}}, headers only in
 * protocol 5); an incoming REQUEST or EVENT becomes a context through the {@link ContextFactory}
 * (an absent payload is {@code null}, the request ID defaults to the context ID).
 */
final class ContextPackets {

	private ContextPackets() {
	}

	/**
	 * The REQUEST of a call.
	 * @param ctx the call's context, its endpoint chosen
	 * @param action the action
	 * @param version the protocol version it is written in
	 * @param sender this node
	 * @return the packet
	 */
	static RequestPacket request(BrokerContext ctx, String action, ProtocolVersion version, String sender) {
		Object params = (ctx.params() != null) ? ctx.params() : Collections.emptyMap();
		return new RequestPacket(ctx.id(), action, params, ctx.meta(), headers(ctx, version), ctx.timeout(),
				ctx.level(), ctx.tracing(), ctx.parentID(), ctx.requestID(), ctx.caller(), false, null,
				version.value(), sender);
	}

	/**
	 * The EVENT of an event's context, with an ID of its own.
	 * @param ctx the event's context
	 * @param groups the groups it is for, {@code null} for all
	 * @param broadcast whether it is a broadcast
	 * @param version the protocol version it is written in
	 * @param sender this node
	 * @return the packet
	 */
	static EventPacket event(BrokerContext ctx, @Nullable List<String> groups, boolean broadcast,
			ProtocolVersion version, String sender) {
		return new EventPacket(Ids.next(), Objects.requireNonNull(ctx.eventName()), ctx.params(), groups, broadcast,
				ctx.meta(), headers(ctx, version), ctx.level(), ctx.tracing(), ctx.parentID(), ctx.requestID(),
				ctx.caller(), version.value(), sender);
	}

	private static @Nullable Map<String, Object> headers(BrokerContext ctx, ProtocolVersion version) {
		if (!version.hasHeaders()) {
			return null;
		}
		Map<String, Object> headers = ctx.headersOrNull();
		return (headers != null) ? headers : Collections.emptyMap();
	}

	/**
	 * The context of a request from another node.
	 * @param packet the request
	 * @param contexts the broker's context factory
	 * @return the context
	 */
	static BrokerContext context(RequestPacket packet, ContextFactory contexts) {
		ContextFactory.Origin origin = new ContextFactory.Origin(packet.id(), packet.sender(),
				Packets.isAbsent(packet.params()) ? null : packet.params(), packet.meta(), packet.headers(),
				packet.level(), packet.requestID(), packet.parentID(), packet.caller(), packet.tracing());
		return contexts.request(origin, packet.action(), packet.timeout());
	}

	/**
	 * The context of an event from another node; an event without ID gets a new one.
	 * @param packet the event
	 * @param contexts the broker's context factory
	 * @return the context
	 */
	static BrokerContext context(EventPacket packet, ContextFactory contexts) {
		ContextFactory.Origin origin = new ContextFactory.Origin(packet.id().isEmpty() ? Ids.next() : packet.id(),
				packet.sender(), Packets.isAbsent(packet.data()) ? null : packet.data(), packet.meta(),
				packet.headers(), packet.level(), packet.requestID(), packet.parentID(), packet.caller(),
				packet.tracing());
		return contexts.event(origin, packet.event(), packet.broadcast(), packet.groups());
	}

}
