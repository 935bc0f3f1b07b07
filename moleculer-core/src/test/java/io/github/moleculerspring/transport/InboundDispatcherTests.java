package io.github.moleculerspring.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.protocol.JsonPacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.PongPacket;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.protocol.RawJson;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.protocol.ResponsePacket;
import io.github.moleculerspring.protocol.Topics;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.strategy.Strategy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receive path of the {@link Transit} ({@link InboundDispatcher}, reached through
 * {@link Transit#receiver()}): raw bytes in, the right {@link Transit.Handler} method, registry
 * update or transit answer out; requests and events as contexts. Bad bytes are counted as invalid, never thrown; other namespaces, foreign versions
 * and own echoes are dropped as the transit always did. Runs on a direct executor, so each
 * {@code receive} has finished its work when it returns.
 */
class InboundDispatcherTests {

	private static final String SELF = "self";

	private static final String INSTANCE = "instance-1";

	private final Topics topics = new Topics("test");

	private final RecordingTransporter transporter = new RecordingTransporter();

	private final RecordingHandler handler = new RecordingHandler();

	private final Registry registry = new Registry(SELF, false, this.handler, new NoWiring(),
			System::currentTimeMillis);

	private final JsonPacketSerializer serializer = new JsonPacketSerializer();

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final Executor direct = Runnable::run;

	private Transit transit = transit(100);

	@AfterEach
	void stop() {
		this.scheduler.shutdownNow();
	}

	private Transit transit(int maxQueue) {
		return transit(maxQueue, 100, this.direct);
	}

	private Transit transit(int maxQueue, int maxEventQueue, Executor executor) {
		Transit created = new Transit(new Transit.Config(SELF, INSTANCE, this.topics, this.transporter, this.serializer,
				executor, this.scheduler, ProtocolVersion.V5, 100, maxQueue, maxEventQueue, false, false, false, PollerSettings.DEFAULTS), this.handler,
				new ContextFactory(null, SELF, null), this.registry);
		created.onConnected(false);
		this.handler.calls.clear();
		this.transporter.published.clear();
		return created;
	}

	private void receive(String subject, String json) {
		this.transit.receiver().receive(subject, json.getBytes(StandardCharsets.UTF_8));
	}

	private String targeted(PacketType type) {
		return this.topics.targeted(type, SELF);
	}

	private String broadcast(PacketType type) {
		return this.topics.broadcast(type);
	}

	@Test
	void theTransitIsTheReceiverOfItsTransporter() {
		assertThat(this.transit.receiver()).isInstanceOf(InboundDispatcher.class);
		this.transit.onMessage(targeted(PacketType.EVENT),
				"{\"id\":\"e1\",\"event\":\"user.created\",\"data\":{},\"ver\":\"5\",\"sender\":\"peer\"}"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(this.handler.names()).containsExactly("activity:peer", "event");
		assertThat(this.transit.packetsReceived()).isEqualTo(1);
	}

	@Test
	void requestGoesToOnRequestAfterTheSignOfLife() {
		String json = "{\"id\":\"r1\",\"action\":\"svc.act\",\"params\":{\"a\":1},\"meta\":{},\"timeout\":0,"
				+ "\"level\":1,\"ver\":\"5\",\"sender\":\"peer\"}";
		receive(targeted(PacketType.REQUEST), json);
		assertThat(this.handler.names()).containsExactly("activity:peer", "request");
		BrokerContext request = (BrokerContext) this.handler.last();
		assertThat(request.id()).isEqualTo("r1");
		assertThat(request.action()).isEqualTo("svc.act");
		assertThat(this.transit.packetsReceived()).isEqualTo(1);
		assertThat(this.transit.bytesReceived()).isEqualTo(json.length());
		assertThat(this.transit.queuedRequests()).isZero();
	}

	@Test
	void eachPacketTypeGoesToTheHandlerOrTheRegistry() {
		receive(targeted(PacketType.EVENT),
				"{\"id\":\"e1\",\"event\":\"user.created\",\"data\":{},\"ver\":\"5\",\"sender\":\"peer\"}");
		receive(broadcast(PacketType.INFO), "{\"services\":[],\"instanceID\":\"i-peer\",\"ver\":\"5\",\"sender\":\"peer\"}");
		receive(broadcast(PacketType.HEARTBEAT), "{\"cpu\":12,\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(this.registry.getNode("peer").cpu()).isEqualTo(12);
		receive(broadcast(PacketType.DISCONNECT), "{\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(this.handler.names()).containsExactly("activity:peer", "event", "activity:peer",
				"nodeConnected:peer", "activity:peer", "activity:peer", "nodeDisconnected:peer");
		assertThat(this.handler.calls).extracting(Call::value)
			.filteredOn((value) -> value != null)
			.hasExactlyElementsOfTypes(BrokerContext.class);
		assertThat(this.registry.getNode("peer").isAvailable()).isFalse();
		assertThat(this.transporter.published).isEmpty();
	}

	@Test
	void aHeartbeatOfAnUnknownNodeAsksItForItsInfo() {
		receive(broadcast(PacketType.HEARTBEAT), "{\"cpu\":12,\"ver\":\"5\",\"sender\":\"stranger\"}");
		assertThat(this.transporter.subjects()).containsExactly(this.topics.targeted(PacketType.DISCOVER, "stranger"));
		assertThat(this.registry.getNode("stranger")).isNull();
	}

	@Test
	void anInfoOfANewInstanceRejectsTheRequestsPendingOnTheOldOne() {
		receive(broadcast(PacketType.INFO), "{\"services\":[],\"instanceID\":\"i-1\",\"ver\":\"5\",\"sender\":\"peer\"}");
		CompletableFuture<Object> result = this.transit.request(request("r1"), "peer", 0, new HashMap<>());
		receive(broadcast(PacketType.INFO), "{\"services\":[],\"instanceID\":\"i-2\",\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(result).isCompletedExceptionally();
		assertThat(result.handle((value, ex) -> ex).join()).isInstanceOf(RequestRejectedError.class);
		assertThat(this.registry.getNode("peer").instanceID()).isEqualTo("i-2");
	}

	@Test
	void broadcastDiscoverMeansThePeerConnectedAndIsAnsweredWithThisNodesInfo() {
		receive(broadcast(PacketType.DISCOVER), "{\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(this.handler.names()).containsExactly("peerConnected:peer", "activity:peer", "localInfo");
		assertThat(this.transporter.subjects()).containsExactly(this.topics.targeted(PacketType.INFO, "peer"));
	}

	@Test
	void targetedDiscoverIsAnsweredWithoutAPeerConnectedSignal() {
		receive(targeted(PacketType.DISCOVER), "{\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(this.handler.names()).containsExactly("activity:peer", "localInfo");
		assertThat(this.transporter.subjects()).containsExactly(this.topics.targeted(PacketType.INFO, "peer"));
	}

	@Test
	void pingIsAnsweredWithAPong() {
		receive(targeted(PacketType.PING), "{\"time\":1000,\"id\":\"p1\",\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(this.transporter.subjects()).containsExactly(this.topics.targeted(PacketType.PONG, "peer"));
		PongPacket pong = (PongPacket) this.serializer.deserialize(PacketType.PONG, this.transporter.published.get(0).payload);
		assertThat(pong.id()).isEqualTo("p1");
		assertThat(pong.time()).isEqualTo(1000);
		assertThat(pong.sender()).isEqualTo(SELF);
	}

	@Test
	void pongCompletesItsPingAndReachesOnPong() {
		CompletableFuture<PongPacket> ping = this.transit.ping("peer", "p1", 10_000);
		long time = System.currentTimeMillis();
		receive(targeted(PacketType.PONG),
				"{\"time\":" + time + ",\"id\":\"p1\",\"arrived\":" + time + ",\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(ping).isCompleted();
		assertThat(ping.join().id()).isEqualTo("p1");
		assertThat(this.handler.names()).containsExactly("activity:peer", "pong");
	}

	@Test
	void responseCompletesItsPendingRequestWithTheDataAndMeta() {
		Map<String, Object> meta = new HashMap<>();
		CompletableFuture<Object> result = this.transit.request(request("r1"), "peer", 0, meta);
		assertThat(this.transit.pendingCount()).isEqualTo(1);
		receive(targeted(PacketType.RESPONSE),
				"{\"id\":\"r1\",\"meta\":{\"m\":1},\"success\":true,\"data\":{\"x\":2},\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(result).isCompleted();
		assertThat(((RawJson) result.join()).tree().get("x").asInt()).isEqualTo(2);
		assertThat(meta).containsEntry("m", 1);
		assertThat(this.transit.pendingCount()).isZero();
		assertThat(this.handler.names()).containsExactly("activity:peer");
	}

	@Test
	void errorResponseFailsItsPendingRequestWithTheRemoteError() {
		CompletableFuture<Object> result = this.transit.request(request("r2"), "peer", 0, new HashMap<>());
		receive(targeted(PacketType.RESPONSE), "{\"id\":\"r2\",\"meta\":{},\"success\":false,\"error\":{\"name\":"
				+ "\"MoleculerError\",\"message\":\"boom\",\"code\":500},\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(result).isCompletedExceptionally();
		assertThat(result.handle((value, ex) -> ex).join()).hasMessageContaining("boom");
		assertThat(this.transit.pendingCount()).isZero();
	}

	@Test
	void badBytesAreCountedAsInvalidAndNotThrown() {
		receive(targeted(PacketType.REQUEST), "{not json");
		receive(targeted(PacketType.EVENT), "[1,2]");
		receive(targeted(PacketType.REQUEST), "{\"id\":\"r1\",\"ver\":\"5\",\"sender\":\"peer\"}");
		receive(broadcast(PacketType.INFO), "{\"services\":7,\"ver\":\"5\",\"sender\":\"peer\"}");
		this.transit.receiver().receive(broadcast(PacketType.HEARTBEAT), new byte[] { (byte) 0xff, 0x00 });
		assertThat(this.transit.invalidPackets()).isEqualTo(5);
		assertThat(this.transit.packetsReceived()).isEqualTo(5);
		assertThat(this.handler.calls).isEmpty();
		assertThat(this.transit.queuedRequests()).isZero();
	}

	@Test
	void subjectsOfAnotherNamespaceAreDropped() {
		receive(new Topics("other").targeted(PacketType.REQUEST, SELF), "{\"id\":\"r1\",\"action\":\"svc.act\","
				+ "\"ver\":\"5\",\"sender\":\"peer\"}");
		receive("MOL.INFO", "{\"services\":[],\"ver\":\"5\",\"sender\":\"peer\"}");
		receive("MOL-test.NOPE", "{}");
		assertThat(this.transit.droppedPackets()).isEqualTo(3);
		assertThat(this.transit.invalidPackets()).isZero();
		assertThat(this.handler.calls).isEmpty();
	}

	@Test
	void packetsOfAnotherProtocolVersionAreDropped() {
		receive(targeted(PacketType.EVENT), "{\"id\":\"e1\",\"event\":\"x\",\"ver\":\"4\",\"sender\":\"peer\"}");
		receive(broadcast(PacketType.HEARTBEAT), "{\"ver\":\"3\",\"sender\":\"peer\"}");
		assertThat(this.transit.droppedPackets()).isEqualTo(2);
		assertThat(this.handler.calls).isEmpty();
	}

	@Test
	void ownEchoesOfDiscoveryPacketsAreIgnored() {
		receive(broadcast(PacketType.INFO), "{\"services\":[],\"instanceID\":\"" + INSTANCE
				+ "\",\"ver\":\"5\",\"sender\":\"self\"}");
		receive(broadcast(PacketType.DISCOVER), "{\"ver\":\"5\",\"sender\":\"self\"}");
		receive(broadcast(PacketType.HEARTBEAT), "{\"cpu\":1,\"ver\":\"5\",\"sender\":\"self\"}");
		receive(broadcast(PacketType.DISCONNECT), "{\"ver\":\"5\",\"sender\":\"self\"}");
		receive(broadcast(PacketType.PING), "{\"time\":1,\"id\":\"p\",\"ver\":\"5\",\"sender\":\"self\"}");
		assertThat(this.handler.calls).isEmpty();
		assertThat(this.transporter.published).isEmpty();
		assertThat(this.transit.nodeIdConflicts()).isZero();
	}

	@Test
	void ownRequestsAndEventsAreHandledWithoutASignOfLife() {
		receive(targeted(PacketType.EVENT), "{\"id\":\"e1\",\"event\":\"x\",\"ver\":\"5\",\"sender\":\"self\"}");
		receive(targeted(PacketType.REQUEST), "{\"id\":\"r1\",\"action\":\"svc.act\",\"ver\":\"5\",\"sender\":\"self\"}");
		assertThat(this.handler.names()).containsExactly("event", "request");
	}

	@Test
	void infoOfAnotherInstanceWithThisNodeIdIsAConflictAnsweredOnce() {
		String info = "{\"services\":[],\"instanceID\":\"intruder\",\"ver\":\"5\",\"sender\":\"self\"}";
		receive(broadcast(PacketType.INFO), info);
		receive(broadcast(PacketType.INFO), info);
		assertThat(this.transit.nodeIdConflicts()).isEqualTo(2);
		assertThat(this.transporter.subjects()).containsExactly(this.topics.targeted(PacketType.INFO, SELF));
		assertThat(this.handler.names()).containsExactly("localInfo");
	}

	@Test
	void requestsBeyondTheQueueLimitAreAnsweredWithQueueIsFull() {
		this.transit = transit(0);
		receive(targeted(PacketType.REQUEST), "{\"id\":\"r1\",\"action\":\"svc.act\",\"meta\":{},\"ver\":\"5\","
				+ "\"sender\":\"peer\"}");
		assertThat(this.handler.calls).isEmpty();
		assertThat(this.transit.queuedRequests()).isZero();
		assertThat(this.transporter.subjects()).containsExactly(this.topics.targeted(PacketType.RESPONSE, "peer"));
		ResponsePacket response = (ResponsePacket) this.serializer.deserialize(PacketType.RESPONSE,
				this.transporter.published.get(0).payload);
		assertThat(response.id()).isEqualTo("r1");
		assertThat(response.success()).isFalse();
		assertThat(response.error()).containsEntry("name", "QueueIsFullError");
	}

	@Test
	void eventsBeyondTheirQueueLimitAreDroppedAndCountedNotQueued() {
		List<Runnable> held = new ArrayList<>();
		this.transit = transit(100, 2, held::add);
		for (int i = 1; i <= 5; i++) {
			receive(targeted(PacketType.EVENT), "{\"id\":\"e" + i + "\",\"event\":\"user.created\",\"data\":{},"
					+ "\"ver\":\"5\",\"sender\":\"peer\"}");
		}
		assertThat(held).hasSize(2);
		assertThat(this.transit.queuedEvents()).isEqualTo(2);
		assertThat(this.transit.rejectedEvents()).isEqualTo(3);
		assertThat(this.transit.droppedPackets()).isEqualTo(3);
		held.forEach(Runnable::run);
		assertThat(this.transit.queuedEvents()).isZero();
		assertThat(this.handler.names()).containsExactly("activity:peer", "event", "activity:peer", "event");
		receive(targeted(PacketType.EVENT), "{\"id\":\"e6\",\"event\":\"user.created\",\"data\":{},"
				+ "\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(held).hasSize(3);
		assertThat(this.transit.rejectedEvents()).isEqualTo(3);
	}

	@Test
	void aHandlerThatThrowsIsLoggedNotPropagated() {
		this.handler.failOn = "event";
		receive(targeted(PacketType.EVENT), "{\"id\":\"e1\",\"event\":\"x\",\"ver\":\"5\",\"sender\":\"peer\"}");
		receive(targeted(PacketType.EVENT), "{\"id\":\"e2\",\"event\":\"x\",\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(this.handler.names()).containsExactly("activity:peer", "event", "activity:peer", "event");
	}

	@Test
	void aRequestBecomesAContextWithThePacketsFields() {
		receive(targeted(PacketType.REQUEST), "{\"id\":\"r1\",\"action\":\"svc.act\",\"meta\":{\"m\":1},"
				+ "\"headers\":{\"h\":\"v\"},\"timeout\":1500,\"level\":3,\"tracing\":true,\"parentID\":\"p0\","
				+ "\"caller\":\"orders\",\"ver\":\"5\",\"sender\":\"peer\"}");
		BrokerContext ctx = (BrokerContext) this.handler.last();
		assertThat(ctx.id()).isEqualTo("r1");
		assertThat(ctx.action()).isEqualTo("svc.act");
		assertThat(ctx.nodeID()).isEqualTo("peer");
		assertThat(ctx.params()).as("absent params").isNull();
		assertThat(ctx.requestID()).as("defaults to the id").isEqualTo("r1");
		assertThat(ctx.meta()).containsEntry("m", 1);
		assertThat(ctx.headersOrNull()).containsEntry("h", "v");
		assertThat(ctx.timeout()).isEqualTo(1500);
		assertThat(ctx.level()).isEqualTo(3);
		assertThat(ctx.tracing()).isTrue();
		assertThat(ctx.parentID()).isEqualTo("p0");
		assertThat(ctx.caller()).isEqualTo("orders");
		assertThat(ctx.eventName()).isNull();
	}

	@Test
	void anEventBecomesAContextWhoseTypeSaysBroadcastOrEmit() {
		receive(targeted(PacketType.EVENT), "{\"id\":\"\",\"event\":\"user.created\",\"data\":{\"a\":1},"
				+ "\"groups\":[\"mail\"],\"broadcast\":true,\"meta\":{},\"level\":2,\"requestID\":\"req-1\","
				+ "\"ver\":\"5\",\"sender\":\"peer\"}");
		BrokerContext broadcast = (BrokerContext) this.handler.last();
		assertThat(broadcast.id()).as("a new ID for an empty one").isNotEmpty();
		assertThat(broadcast.eventName()).isEqualTo("user.created");
		assertThat(broadcast.eventType()).isEqualTo("broadcast");
		assertThat(broadcast.eventGroups()).containsExactly("mail");
		assertThat(((JsonNode) broadcast.params()).get("a").asInt()).isEqualTo(1);
		assertThat(broadcast.requestID()).isEqualTo("req-1");
		assertThat(broadcast.level()).isEqualTo(2);
		assertThat(broadcast.nodeID()).isEqualTo("peer");
		receive(targeted(PacketType.EVENT), "{\"id\":\"e2\",\"event\":\"user.created\",\"ver\":\"5\","
				+ "\"sender\":\"peer\"}");
		BrokerContext emit = (BrokerContext) this.handler.last();
		assertThat(emit.eventType()).isEqualTo("emit");
		assertThat(emit.requestID()).isEqualTo("e2");
		assertThat(emit.params()).isNull();
		assertThat(emit.eventGroups()).isNull();
	}

	@Test
	void theResponseCarriesTheContextsMetaAndResponseHeadersAndEndsTheInflightCount() {
		receive(targeted(PacketType.REQUEST), "{\"id\":\"r1\",\"action\":\"svc.act\",\"meta\":{\"m\":1},"
				+ "\"ver\":\"5\",\"sender\":\"peer\"}");
		BrokerContext ctx = (BrokerContext) this.handler.last();
		assertThat(this.transit.inflightRequests()).isEqualTo(1);
		assertThat(this.transporter.published).isEmpty();
		ctx.meta().put("added", true);
		ctx.responseHeaders().put("rh", "v");
		this.handler.results.get(0).complete(Map.of("ok", 1));
		assertThat(this.transit.inflightRequests()).isZero();
		assertThat(this.transporter.subjects()).containsExactly(this.topics.targeted(PacketType.RESPONSE, "peer"));
		ResponsePacket response = (ResponsePacket) this.serializer.deserialize(PacketType.RESPONSE,
				this.transporter.published.get(0).payload);
		assertThat(response.id()).isEqualTo("r1");
		assertThat(response.success()).isTrue();
		assertThat(response.meta()).containsEntry("m", 1).containsEntry("added", true);
		assertThat(response.headers()).containsEntry("rh", "v");
	}

	@Test
	void aFailedResultIsAnErrorResponse() {
		receive(targeted(PacketType.REQUEST), "{\"id\":\"r1\",\"action\":\"svc.act\",\"meta\":{},"
				+ "\"ver\":\"5\",\"sender\":\"peer\"}");
		this.handler.results.get(0).completeExceptionally(new MoleculerError("boom", 500, "BOOM", null));
		ResponsePacket response = (ResponsePacket) this.serializer.deserialize(PacketType.RESPONSE,
				this.transporter.published.get(0).payload);
		assertThat(response.success()).isFalse();
		assertThat(response.error()).containsEntry("message", "boom").containsEntry("type", "BOOM");
		assertThat(this.transit.inflightRequests()).isZero();
	}

	@Test
	void aStreamGetsStreamNotSupportedAtItsFirstChunkAndNoAnswerToTheOthers() {
		receive(targeted(PacketType.REQUEST), "{\"id\":\"s1\",\"action\":\"svc.act\",\"meta\":{},\"stream\":true,"
				+ "\"seq\":0,\"ver\":\"5\",\"sender\":\"peer\"}");
		receive(targeted(PacketType.REQUEST), "{\"id\":\"s1\",\"action\":\"svc.act\",\"meta\":{},\"stream\":true,"
				+ "\"seq\":1,\"ver\":\"5\",\"sender\":\"peer\"}");
		assertThat(this.handler.names()).containsExactly("activity:peer", "refusal:svc.act", "activity:peer",
				"refusal:svc.act");
		assertThat(this.transporter.published).hasSize(1);
		ResponsePacket response = (ResponsePacket) this.serializer.deserialize(PacketType.RESPONSE,
				this.transporter.published.get(0).payload);
		assertThat(response.error()).containsEntry("code", 422).containsEntry("type", "STREAM_NOT_SUPPORTED");
		assertThat(this.transit.inflightRequests()).isZero();
	}

	@Test
	void aStreamForARefusedActionGetsTheRefusalAtEveryChunk() {
		this.handler.refusal = new MoleculerError("not here", 404, "SERVICE_NOT_FOUND", null);
		receive(targeted(PacketType.REQUEST), "{\"id\":\"s1\",\"action\":\"svc.act\",\"meta\":{},\"stream\":true,"
				+ "\"seq\":2,\"ver\":\"5\",\"sender\":\"peer\"}");
		ResponsePacket response = (ResponsePacket) this.serializer.deserialize(PacketType.RESPONSE,
				this.transporter.published.get(0).payload);
		assertThat(response.error()).containsEntry("type", "SERVICE_NOT_FOUND");
	}

	private static RequestPacket request(String id) {
		return new RequestPacket(id, "svc.act", Map.of(), Map.of(), null, 0, 1, null, null, id, null, null, null,
				"5", SELF);
	}

	/** A handler call with the packet or context it got. */
	private record Call(String name, @Nullable Object value) {
	}

	private record Published(String subject, byte[] payload) {
	}

	/** Records every call; fails on one method when asked to. */
	private static final class RecordingHandler implements Transit.Handler, Registry.Listener {

		final List<Call> calls = new ArrayList<>();

		@Nullable String failOn;

		List<String> names() {
			return this.calls.stream().map(Call::name).toList();
		}

		/** The result of each request, completed by the test. */
		final List<CompletableFuture<Object>> results = new ArrayList<>();

		@Nullable MoleculerError refusal;

		@Nullable Object last() {
			return this.calls.get(this.calls.size() - 1).value();
		}

		private void record(String name, @Nullable Object value) {
			this.calls.add(new Call(name, value));
			if (name.equals(this.failOn)) {
				throw new IllegalStateException("handler failure");
			}
		}

		@Override
		public CompletableFuture<Object> onRequest(String action, BrokerContext ctx) {
			record("request", ctx);
			CompletableFuture<Object> result = new CompletableFuture<>();
			this.results.add(result);
			return result;
		}

		@Override
		public @Nullable MoleculerError refusal(String action) {
			record("refusal:" + action, null);
			return this.refusal;
		}

		@Override
		public void onEvent(BrokerContext ctx) {
			record("event", ctx);
		}

		@Override
		public void nodeConnected(Node node, boolean reconnected) {
			record("nodeConnected:" + node.id(), null);
		}

		@Override
		public void nodeUpdated(Node node) {
			record("nodeUpdated:" + node.id(), null);
		}

		@Override
		public void nodeDisconnected(Node node, boolean unexpected) {
			record("nodeDisconnected:" + node.id(), null);
		}

		@Override
		public void servicesChanged(boolean local) {
		}

		@Override
		public void onPong(String nodeID, String id, long elapsedMillis, long timeDiffMillis) {
			record("pong", id);
		}

		@Override
		public Transit.LocalInfo localInfo() {
			record("localInfo", null);
			return new Transit.LocalInfo(1, false, null, null, null, null);
		}

		@Override
		public void onConnected(boolean reconnected) {
			record("connected", null);
		}

		@Override
		public void onDisconnected() {
			record("disconnected", null);
		}

		@Override
		public void onActivity(String nodeID) {
			record("activity:" + nodeID, null);
		}

		@Override
		public void onNodeGone(String nodeID) {
			record("gone:" + nodeID, null);
		}

		@Override
		public void onPeerConnected(String nodeID) {
			record("peerConnected:" + nodeID, null);
		}

	}

	/** The tests' INFO packets carry no services: nothing is wired. */
	private static final class NoWiring implements Registry.Wiring {

		@Override
		public ActionInvoker localAction(ActionEndpoint endpoint) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ActionInvoker remoteAction(ActionEndpoint endpoint) {
			throw new UnsupportedOperationException();
		}

		@Override
		public EventInvoker localEvent(EventEndpoint endpoint) {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable ActionInvoker balancedAction(ActionEndpoint endpoint) {
			return null;
		}

		@Override
		public Strategy strategy(String name, Map<String, Object> descriptor) {
			throw new UnsupportedOperationException();
		}

	}

	/** Always connected; records what is published, delivers nothing by itself. */
	private static final class RecordingTransporter implements Transporter {

		final List<Published> published = new ArrayList<>();

		List<String> subjects() {
			return this.published.stream().map(Published::subject).toList();
		}

		@Override
		public String name() {
			return "Recording";
		}

		@Override
		public CompletableFuture<Void> connect(TransporterListener listener) {
			listener.onConnected(false);
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<Void> disconnect() {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public boolean isConnected() {
			return true;
		}

		@Override
		public Subscription subscribe(String subject, @Nullable String queueGroup) {
			return () -> {
			};
		}

		@Override
		public void publish(String subject, byte[] payload) {
			this.published.add(new Published(subject, payload));
		}

	}

}
