package io.github.moleculerspring.transport;

import java.util.List;
import java.util.Map;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.protocol.EventPacket;
import io.github.moleculerspring.protocol.JsonPacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.protocol.RawJson;
import io.github.moleculerspring.protocol.RequestPacket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContextPackets}, the context side of the wire: what a call's and an event's context put
 * into their REQUEST and EVENT in protocol 4 and 5, through the real serializer's bytes. (The way
 * back, packet to context, is in {@link InboundDispatcherTests}.)
 */
class ContextPacketsTests {

	private final ContextFactory contexts = new ContextFactory(null, "node-a", null);

	private final JsonPacketSerializer serializer = new JsonPacketSerializer();

	private BrokerContext parent() {
		BrokerContext parent = this.contexts.request(new ContextFactory.Origin("parent-id", "node-b", null,
				Map.of("user", "u1"), null, 2, "request-1", null, null, true), "orders.create", 0);
		parent.service("orders");
		return parent;
	}

	private BrokerContext call(CallOptions options) {
		BrokerContext ctx = this.contexts.call(parent(), Map.of("a", 1), options, 0);
		ctx.target("mail.send", "mail", "node-c", 2500);
		return ctx;
	}

	private RequestPacket wired(RequestPacket packet) {
		return (RequestPacket) this.serializer.deserialize(PacketType.REQUEST, this.serializer.serialize(packet));
	}

	private EventPacket wired(EventPacket packet) {
		return (EventPacket) this.serializer.deserialize(PacketType.EVENT, this.serializer.serialize(packet));
	}

	@Test
	void aCallsRequestCarriesItsContextInProtocol5WithHeaders() {
		BrokerContext ctx = call(CallOptions.builder().headers(Map.of("h", "v")).build());
		RequestPacket packet = wired(ContextPackets.request(ctx, "mail.send", ProtocolVersion.V5, "node-a"));
		assertThat(packet.id()).isEqualTo(ctx.id());
		assertThat(packet.action()).isEqualTo("mail.send");
		assertThat(((RawJson) packet.params()).tree().get("a").asInt()).isEqualTo(1);
		assertThat(packet.meta()).containsEntry("user", "u1");
		assertThat(packet.headers()).containsEntry("h", "v");
		assertThat(packet.timeout()).isEqualTo(2500);
		assertThat(packet.level()).isEqualTo(3);
		assertThat(packet.tracing()).isTrue();
		assertThat(packet.parentID()).isEqualTo("parent-id");
		assertThat(packet.requestID()).isEqualTo("request-1");
		assertThat(packet.caller()).isEqualTo("orders");
		assertThat(packet.ver()).isEqualTo("5");
		assertThat(packet.sender()).isEqualTo("node-a");
	}

	@Test
	void protocol5SendsEmptyHeadersAndProtocol4None() {
		BrokerContext ctx = call(CallOptions.DEFAULT);
		RequestPacket v5 = ContextPackets.request(ctx, "mail.send", ProtocolVersion.V5, "node-a");
		assertThat(v5.headers()).isEmpty();
		RequestPacket v4 = ContextPackets.request(ctx, "mail.send", ProtocolVersion.V4, "node-a");
		assertThat(v4.headers()).isNull();
		assertThat(v4.ver()).isEqualTo("4");
		assertThat(ctx.headersOrNull()).as("nothing created on the context").isNull();
	}

	@Test
	void absentParamsAreSentAsAnEmptyObject() {
		BrokerContext ctx = this.contexts.call(null, null, CallOptions.DEFAULT, 0);
		ctx.target("mail.send", "mail", "node-c", 0);
		RequestPacket packet = ContextPackets.request(ctx, "mail.send", ProtocolVersion.V5, "node-a");
		assertThat(packet.params()).isEqualTo(Map.of());
		assertThat(packet.requestID()).isEqualTo(ctx.id());
		assertThat(packet.level()).isEqualTo(1);
		assertThat(packet.parentID()).isNull();
	}

	@Test
	void anEventCarriesItsContextWithANewIdTheGroupsAndTheBroadcastFlag() {
		BrokerContext ctx = this.contexts.event("user.created", Map.of("a", 1),
				EmitOptions.groups("mail").withMeta(Map.of("extra", 1)), parent(), "emit");
		EventPacket packet = wired(ContextPackets.event(ctx, List.of("mail"), false, ProtocolVersion.V5, "node-a"));
		assertThat(packet.id()).isNotEmpty().isNotEqualTo(ctx.id());
		assertThat(packet.event()).isEqualTo("user.created");
		assertThat(((RawJson) packet.data()).tree().get("a").asInt()).isEqualTo(1);
		assertThat(packet.groups()).containsExactly("mail");
		assertThat(packet.broadcast()).isFalse();
		assertThat(packet.meta()).containsEntry("user", "u1").containsEntry("extra", 1);
		assertThat(packet.headers()).isEmpty();
		assertThat(packet.level()).isEqualTo(3);
		assertThat(packet.requestID()).isEqualTo("request-1");
		assertThat(packet.parentID()).isEqualTo("parent-id");
		assertThat(packet.caller()).isEqualTo("orders");
		assertThat(packet.sender()).isEqualTo("node-a");
		EventPacket v4 = ContextPackets.event(ctx, null, true, ProtocolVersion.V4, "node-a");
		assertThat(v4.headers()).isNull();
		assertThat(v4.broadcast()).isTrue();
		assertThat(v4.groups()).isNull();
		assertThat(v4.ver()).isEqualTo("4");
	}

}
