package io.github.moleculerspring.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.Ids;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.protocol.JsonPacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.protocol.ResponsePacket;
import io.github.moleculerspring.protocol.Topics;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import io.github.moleculerspring.transport.TransporterListener;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Three brokers exchanging real serialized packets over the in-JVM transporter, as they would
 * over NATS.
 */
class ClusterTests {

	private final TestCluster cluster = new TestCluster("cluster-" + System.nanoTime());

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	private static MoleculerError failure(CompletableFuture<?> future) {
		ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(MoleculerError.class);
		return (MoleculerError) ex.getCause();
	}

	private ServiceDefinition counter(String service, String event, String group) {
		return ServiceDefinition.builder(service)
			.event(EventDefinition.builder(event)
				.group(group)
				.handler((ctx) -> this.counts.computeIfAbsent(ctx.broker().nodeID() + "/" + service,
						(k) -> new AtomicInteger()).incrementAndGet())
				.build())
			.build();
	}

	private int total(String service) {
		return this.counts.entrySet()
			.stream()
			.filter((e) -> e.getKey().endsWith("/" + service))
			.mapToInt((e) -> e.getValue().get())
			.sum();
	}

	@Test
	void bothProcessesWithTheSameNodeIdReportTheConflictAndTheFirstKeepsAnswering() throws Exception {
		ServiceBroker first = this.cluster.broker("twin",
				ServiceDefinition.builder("math").action("one", (ctx) -> 1).build());
		ServiceBroker caller = this.cluster.broker("caller");
		this.cluster.startAll();
		// The same application started twice: both get REQ.twin, the quicker answers.
		ServiceBroker second = this.cluster.broker("twin",
				ServiceDefinition.builder("math").action("one", (ctx) -> 1).build());
		second.start().get(10, TimeUnit.SECONDS);
		// The first sees the newcomer's INFO; the newcomer sees the first's INFO sent back in reply.
		await().atMost(Duration.ofSeconds(10)).until(() -> first.transit().nodeIdConflicts() > 0
				&& second.transit().nodeIdConflicts() > 0);
		assertThat(first.isStarted()).isTrue();
		assertThat(first.isConnected()).isTrue();
		assertThat(caller.call("math.one", null, CallOptions.nodeID("twin")).get(10, TimeUnit.SECONDS)).isEqualTo(1);
		// One reply per conflicting instance: no INFO ping-pong between the two.
		long conflicts = first.transit().nodeIdConflicts() + second.transit().nodeIdConflicts();
		// A bounded negative window: an INFO round trip on the in-JVM bus takes well under a
		// millisecond, so a ping-pong would add hundreds of conflicts in 300 ms.
		Thread.sleep(300);
		assertThat(first.transit().nodeIdConflicts() + second.transit().nodeIdConflicts()).isEqualTo(conflicts);
	}

	@Test
	void brokersDiscoverEachOtherAndCallRemoteActions() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		this.cluster.broker("b", ServiceDefinition.builder("math")
			.action("add", (ctx) -> ctx.param("a", Integer.class) + ctx.param("b", Integer.class))
			.build());
		this.cluster.broker("c", ServiceDefinition.builder("greeter")
			.version(2)
			.action("hello", (ctx) -> "Hello " + ctx.param("name") + " from " + ctx.broker().nodeID())
			.build());
		this.cluster.startAll();
		assertThat(a.call("math.add", Map.of("a", 5, "b", 3)).get(30, TimeUnit.SECONDS)).isEqualTo(8);
		assertThat(a.call("math.add", Map.of("a", 5, "b", 3), Long.class).get(30, TimeUnit.SECONDS)).isEqualTo(8L);
		assertThat(a.call("v2.greeter.hello", Map.of("name", "Ann")).get(30, TimeUnit.SECONDS)).isEqualTo("Hello Ann from c");
		List<Map<String, Object>> nodes = ServiceBrokerTests.maps(a.call("$node.list", null).get(30, TimeUnit.SECONDS));
		assertThat(nodes).extracting((n) -> n.get("id")).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(nodes).allSatisfy((n) -> assertThat(n.get("available")).isEqualTo(true));
		assertThat(nodes).filteredOn((n) -> n.get("id").equals("b"))
			.singleElement()
			.satisfies((n) -> assertThat(ServiceBrokerTests.map(n.get("client"))).containsEntry("type", "java"));
	}

	@Test
	void remoteCallMergesMetaBackAlsoOnError() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		this.cluster.broker("b", ServiceDefinition.builder("m").action("rotate", (ctx) -> {
			ctx.meta().put("token", "rotated");
			ctx.meta().put("handledBy", ctx.broker().nodeID());
			return ctx.meta().get("user");
		}).action("fail", (ctx) -> {
			ctx.meta().put("failedOn", ctx.broker().nodeID());
			throw new MoleculerError("nope", 409, "CONFLICT", Map.of("id", 1));
		}).build());
		this.cluster.startAll();
		Map<String, Object> meta = new LinkedHashMap<>(Map.of("user", "ann", "token", "abc"));
		assertThat(a.call("m.rotate", null, CallOptions.meta(meta)).get(30, TimeUnit.SECONDS)).isEqualTo("ann");
		assertThat(meta).containsEntry("token", "rotated").containsEntry("handledBy", "b").containsEntry("user", "ann");
		Map<String, Object> failMeta = new LinkedHashMap<>();
		MoleculerError error = failure(a.call("m.fail", null, CallOptions.meta(failMeta)));
		assertThat(failMeta).containsEntry("failedOn", "b");
		assertThat(error.getCode()).isEqualTo(409);
		assertThat(error.getType()).isEqualTo("CONFLICT");
		assertThat(error.getData()).isEqualTo(Map.of("id", 1));
		assertThat(error.getNodeID()).isEqualTo("b");
	}

	@Test
	void errorsKeepTheirClassAcrossNodes() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		// Stack traces are off by default (ErrorExposureTests); this node sends them.
		this.cluster.broker("b", (options) -> options.errorStackTraces(true), ServiceDefinition.builder("e")
			.action("bug", (ctx) -> {
				throw new IllegalArgumentException("bad state");
			})
			.action("typed", (ctx) -> ctx.param("n", Integer.class))
			.build());
		this.cluster.startAll();
		MoleculerError bug = failure(a.call("e.bug", null));
		assertThat(bug).isInstanceOf(MoleculerServerError.class);
		assertThat(bug.getMessage()).isEqualTo("bad state");
		assertThat(bug.getRemoteStack()).contains("IllegalArgumentException");
		MoleculerError validation = failure(a.call("e.typed", Map.of("n", "x")));
		assertThat(validation).isInstanceOf(ValidationError.class);
		assertThat(validation.getCode()).isEqualTo(422);
		assertThat(((ValidationError) validation).getViolations()).singleElement()
			.satisfies((v) -> assertThat(v.field()).isEqualTo("n"));
		MoleculerError missing = failure(a.call("e.missing", null, CallOptions.nodeID("b")));
		assertThat(missing).isInstanceOf(ServiceNotFoundError.class);
	}

	@Test
	void nestedRemoteCallsKeepTheChain() throws Exception {
		List<Context> seen = new CopyOnWriteArrayList<>();
		ServiceBroker a = this.cluster.broker("a");
		this.cluster.broker("b", ServiceDefinition.builder("front")
			.action("go", (ctx) -> ctx.call("back.work", Map.of("x", 1)))
			.build());
		this.cluster.broker("c", ServiceDefinition.builder("back").action("work", (ctx) -> {
			seen.add(ctx);
			return ctx.level();
		}).build());
		this.cluster.startAll();
		Object level = a.call("front.go", null,
				CallOptions.builder().requestID("root-1").timeout(Duration.ofSeconds(5)).build()).get(30, TimeUnit.SECONDS);
		assertThat(level).isEqualTo(2);
		Context inner = seen.get(0);
		assertThat(inner.requestID()).isEqualTo("root-1");
		assertThat(inner.caller()).isEqualTo("front");
		assertThat(inner.nodeID()).isEqualTo("b");
		assertThat(inner.timeout()).isBetween(1.0, 5000.0);
	}

	@Test
	void balancedEventReachesEachGroupExactlyOnceAndBroadcastReachesAll() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		this.cluster.broker("b", counter("mailer", "user.created", null), counter("audit", "user.**", null));
		this.cluster.broker("c", counter("mailer", "user.created", null), counter("stats", "user.*", "stats"));
		this.cluster.startAll();
		int n = 30;
		for (int i = 0; i < n; i++) {
			a.emit("user.created", Map.of("i", i)).get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(total("mailer") + total("audit") + total("stats")).isEqualTo(3 * n));
		assertThat(total("mailer")).isEqualTo(n);
		assertThat(total("audit")).isEqualTo(n);
		assertThat(total("stats")).isEqualTo(n);
		assertThat(this.counts.get("b/mailer").get()).isPositive();
		assertThat(this.counts.get("c/mailer").get()).isPositive();
		this.counts.clear();
		a.broadcast("user.created", null).get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.counts.keySet())
			.containsExactlyInAnyOrder("b/mailer", "c/mailer", "b/audit", "c/stats"));
		// Bounded negative windows: a duplicate would come from the same publish on the in-JVM bus,
		// delivered within milliseconds of the first copy; 200 ms covers that many times over.
		Thread.sleep(200);
		assertThat(this.counts.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		this.counts.clear();
		a.emit("user.created", null, EmitOptions.groups("audit")).get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> total("audit") == 1);
		Thread.sleep(200);
		assertThat(this.counts.keySet()).containsExactly("b/audit");
	}

	@Test
	void eventFromAServiceCarriesTheChain() throws Exception {
		List<Context> received = new CopyOnWriteArrayList<>();
		ServiceBroker a = this.cluster.broker("a", ServiceDefinition.builder("users")
			.action("create", (ctx) -> ctx.emit("user.created", Map.of("id", 7)).thenApply((v) -> "ok"))
			.build());
		this.cluster.broker("b", ServiceDefinition.builder("mailer").event("user.created", (ctx) -> {
			received.add(ctx);
			return null;
		}).build());
		this.cluster.startAll();
		a.call("users.create", null, CallOptions.builder().requestID("r-9").meta("tenant", "t1").build()).get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		Context ctx = received.get(0);
		assertThat(ctx.requestID()).isEqualTo("r-9");
		assertThat(ctx.caller()).isEqualTo("users");
		assertThat(ctx.level()).isEqualTo(2);
		assertThat(ctx.meta()).containsEntry("tenant", "t1");
		assertThat(ctx.param("id")).isEqualTo(7);
		assertThat(ctx.eventType()).isEqualTo("emit");
		assertThat(ctx.eventGroups()).containsExactly("mailer");
	}

	@Test
	void remoteCallTimesOutAndTheCalleeEnforcesTheRemainingTime() throws Exception {
		CompletableFuture<Double> calleeTimeout = new CompletableFuture<>();
		ServiceBroker a = this.cluster.broker("a");
		ServiceBroker b = this.cluster.broker("b", ServiceDefinition.builder("slow").action("wait", (ctx) -> {
			calleeTimeout.complete(ctx.timeout());
			return new CompletableFuture<>();
		}).action("probe", (ctx) -> "ok").build());
		this.cluster.startAll();
		MoleculerError error = failure(a.call("slow.wait", null, CallOptions.timeout(Duration.ofMillis(300))));
		assertThat(error).isInstanceOf(RequestTimeoutError.class);
		assertThat(error.getData()).isEqualTo(Map.of("action", "slow.wait", "nodeID", "b"));
		assertThat(calleeTimeout.get(5, TimeUnit.SECONDS)).isBetween(250.0, 300.0);
		assertThat(a.transit().pendingCount()).isZero();
		assertThat(a.call("slow.probe", null).get(10, TimeUnit.SECONDS)).isEqualTo("ok");
		// The callee's own enforcement, seen without a caller-side timer: a bare REQUEST carrying 300 ms
		// of remaining time, to a handler that never completes, is answered by the callee itself with a
		// RequestTimeoutError naming it. A callee that ignored the remaining time would never answer.
		long begin = System.nanoTime();
		ResponsePacket response = forgeRequest(b, "slow.wait", 300);
		long answeredAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
		assertThat(response.success()).isFalse();
		assertThat(response.sender()).isEqualTo("b");
		assertThat(response.error()).containsEntry("name", "RequestTimeoutError")
			.containsEntry("code", 504)
			.containsEntry("data", Map.of("action", "slow.wait", "nodeID", "b"));
		// Not before the budget ends (a lower bound: the machine's load can only make it later).
		assertThat(answeredAfterMillis).isGreaterThanOrEqualTo(250);
	}

	@Test
	void pendingCallsFailAtOnceWhenTheTargetNodeLeaves() throws Exception {
		CompletableFuture<Void> started = new CompletableFuture<>();
		CompletableFuture<Boolean> unexpected = new CompletableFuture<>();
		ServiceBroker a = this.cluster.broker("a", ServiceDefinition.builder("watch")
			.event("$node.disconnected", (ctx) -> {
				unexpected.complete(ctx.param("unexpected", Boolean.class));
				return null;
			})
			.build());
		ServiceBroker b = this.cluster.broker("b", (options) -> options.shutdownTimeout(Duration.ofMillis(100)),
				ServiceDefinition.builder("hang").action("forever", (ctx) -> {
					started.complete(null);
					return new CompletableFuture<>();
				}).build());
		this.cluster.startAll();
		CompletableFuture<Object> call = a.call("hang.forever", null);
		started.get(5, TimeUnit.SECONDS);
		long begin = System.nanoTime();
		b.stop();
		MoleculerError error = failure(call);
		assertThat(error).isInstanceOf(RequestRejectedError.class);
		assertThat(error.getCode()).isEqualTo(503);
		assertThat(error.isRetryable()).isTrue();
		// The node left by its DISCONNECT (an expected departure), not by the presence probe or the
		// heartbeat timeout (both "unexpected"): that is what makes the failure immediate. The clock
		// bound only catches a hang; it is loose because it measures the machine as much as the product.
		assertThat(unexpected.get(10, TimeUnit.SECONDS)).as("$node.disconnected unexpected (false: left by its DISCONNECT)")
			.isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(5000);
		assertThat(a.transit().pendingCount()).isZero();
	}

	@Test
	void crashedNodeIsDetectedAfterTheHeartbeatTimeoutAndItsPendingCallsFail() throws Exception {
		CompletableFuture<Void> started = new CompletableFuture<>();
		ServiceBroker a = this.cluster.broker("a");
		ServiceBroker b = this.cluster.broker("b", ServiceDefinition.builder("hang").action("forever", (ctx) -> {
			started.complete(null);
			return new CompletableFuture<>();
		}).build());
		this.cluster.startAll();
		CompletableFuture<Object> call = a.call("hang.forever", null);
		started.get(5, TimeUnit.SECONDS);
		// A crash: the connection vanishes, no INFO, no DISCONNECT.
		b.transit().transporter().disconnect().get(30, TimeUnit.SECONDS);
		MoleculerError error = failure(call);
		assertThat(error).isInstanceOf(RequestRejectedError.class);
		assertThat(a.registry().getNode("b").isAvailable()).isFalse();
		assertThat(failure(a.call("hang.forever", null))).isInstanceOf(ServiceNotFoundError.class);
	}

	@Test
	void gracefulStopWithdrawsServicesAndFinishesInFlightCalls() throws Exception {
		CompletableFuture<Void> entered = new CompletableFuture<>();
		CompletableFuture<Object> release = new CompletableFuture<>();
		ServiceBroker a = this.cluster.broker("a");
		ServiceBroker b = this.cluster.broker("b", ServiceDefinition.builder("work").action("job", (ctx) -> {
			entered.complete(null);
			return release;
		}).build());
		this.cluster.startAll();
		CompletableFuture<Object> call = a.call("work.job", null);
		entered.get(5, TimeUnit.SECONDS);
		CompletableFuture<Void> stopping = b.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().getActionEndpoints("work.job") == null);
		assertThat(a.registry().getNode("b").isAvailable()).isTrue();
		release.complete("done");
		assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		stopping.get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(() -> !a.registry().getNode("b").isAvailable());
	}

	@Test
	void protectedAndPrivateActionsAreNeverCallableFromAnotherNode() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		ServiceBroker b = this.cluster.broker("b", ServiceDefinition.builder("vault")
			.action(ActionDefinition.builder("inside").visibility(Visibility.PROTECTED).handler((ctx) -> "secret").build())
			.action(ActionDefinition.builder("hidden").visibility(Visibility.PRIVATE).handler((ctx) -> "secret").build())
			.action(ActionDefinition.builder("open").visibility(Visibility.PUBLIC).handler((ctx) -> "open").build())
			.build());
		this.cluster.startAll();
		assertThat(a.call("vault.open", null).get(30, TimeUnit.SECONDS)).isEqualTo("open");
		assertThat(failure(a.call("vault.inside", null))).isInstanceOf(ServiceNotFoundError.class);
		assertThat(failure(a.call("vault.hidden", null))).isInstanceOf(ServiceNotFoundError.class);
		assertThat(b.call("vault.inside", null).get(30, TimeUnit.SECONDS)).isEqualTo("secret");
		// A forged request aimed straight at the protected and private actions is refused too.
		for (String action : List.of("vault.inside", "vault.hidden")) {
			ResponsePacket response = forgeRequest(b, action);
			assertThat(response.success()).isFalse();
			assertThat(response.error()).containsEntry("name", "ServiceNotFoundError").containsEntry("code", 404);
		}
	}

	private ResponsePacket forgeRequest(ServiceBroker target, String action) throws Exception {
		return forgeRequest(target, action, 0);
	}

	/** Sends a REQUEST from a bare transporter (no broker, no caller-side timer) and returns the answer. */
	private ResponsePacket forgeRequest(ServiceBroker target, String action, double timeoutMillis) throws Exception {
		JsonPacketSerializer serializer = new JsonPacketSerializer();
		Topics topics = new Topics("");
		CompletableFuture<ResponsePacket> response = new CompletableFuture<>();
		LocalTransporter forger = new LocalTransporter(this.cluster.bus());
		forger.connect(new TransporterListener() {
			@Override
			public void onMessage(String subject, byte[] payload) {
				response.complete((ResponsePacket) serializer.deserialize(PacketType.RESPONSE, payload));
			}

			@Override
			public void onConnected(boolean reconnected) {
			}

			@Override
			public void onDisconnected() {
			}
		});
		try {
			forger.subscribe(topics.targeted(PacketType.RESPONSE, "forger"), null);
			RequestPacket request = new RequestPacket(Ids.next(), action, Map.of(), Map.of(), Map.of(), timeoutMillis, 1, null,
					null, null, null, false, null, "5", "forger");
			forger.publish(topics.targeted(PacketType.REQUEST, target.nodeID()), serializer.serialize(request));
			return response.get(5, TimeUnit.SECONDS);
		}
		finally {
			forger.disconnect();
		}
	}

	@Test
	void serviceAddedAfterStartIsDiscoveredByTheOtherNodes() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		ServiceBroker b = this.cluster.broker("b");
		this.cluster.startAll();
		long seq = a.registry().getNode("b").seq();
		b.createService(ServiceDefinition.builder("late").action("hi", (ctx) -> "hi").build());
		await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().getActionEndpoints("late.hi") != null);
		assertThat(a.call("late.hi", null).get(30, TimeUnit.SECONDS)).isEqualTo("hi");
		assertThat(a.registry().getNode("b").seq()).isGreaterThan(seq);
		b.destroyService("late");
		await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().getActionEndpoints("late.hi") == null);
	}

	@Test
	void callsAreBalancedRoundRobinAcrossReplicas() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		ServiceDefinition echo = ServiceDefinition.builder("echo").action("who", (ctx) -> ctx.broker().nodeID()).build();
		this.cluster.broker("b", echo);
		this.cluster.broker("c", echo);
		this.cluster.startAll();
		Map<Object, Integer> hits = new ConcurrentHashMap<>();
		for (int i = 0; i < 20; i++) {
			hits.merge(a.call("echo.who", null).get(30, TimeUnit.SECONDS), 1, Integer::sum);
		}
		assertThat(hits).containsOnlyKeys("b", "c");
		assertThat(hits.get("b")).isEqualTo(10);
		assertThat(a.call("echo.who", null, CallOptions.nodeID("c")).get(30, TimeUnit.SECONDS)).isEqualTo("c");
	}

	@Test
	void pingMeasuresTheRoundTrip() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		this.cluster.broker("b");
		this.cluster.startAll();
		ServiceBroker.PingResult pong = a.ping("b", Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
		assertThat(pong.nodeID()).isEqualTo("b");
		assertThat(pong.elapsedTime()).isBetween(0L, 5000L);
		assertThat(Math.abs(pong.timeDiff())).isLessThan(1000L);
	}

	@Test
	void malformedPacketsAreDroppedAndTheNodeKeepsAnswering() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		ServiceBroker b = this.cluster.broker("b",
				ServiceDefinition.builder("ok").action("ping", (ctx) -> "pong").build());
		this.cluster.startAll();
		LocalTransporter attacker = new LocalTransporter(this.cluster.bus());
		attacker.connect(new LocalBusTestsListener());
		List<String> subjects = new ArrayList<>(List.of("MOL.REQ.b", "MOL.RES.b", "MOL.EVENT.b", "MOL.INFO",
				"MOL.INFO.b", "MOL.DISCOVER", "MOL.HEARTBEAT", "MOL.DISCONNECT", "MOL.PING.b", "MOL.PONG.b", "MOL.XYZ.b"));
		String[] payloads = { "", "{", "null", "[]", "{\"ver\":\"5\"}", "{\"ver\":5,\"sender\":\"x\"}",
				"{\"ver\":\"4\",\"sender\":\"x\",\"id\":\"1\",\"action\":\"ok.ping\"}",
				"{\"ver\":\"5\",\"sender\":\"x\",\"services\":{}}", "{\"ver\":\"5\",\"sender\":\"x\",\"services\":[{\"name\":1}]}" };
		for (int i = 0; i < 2000; i++) {
			attacker.publish(subjects.get(i % subjects.size()),
					payloads[i % payloads.length].getBytes(StandardCharsets.UTF_8));
		}
		assertThat(a.call("ok.ping", null).get(5, TimeUnit.SECONDS)).isEqualTo("pong");
		await().atMost(Duration.ofSeconds(10)).until(() -> b.transit().invalidPackets() + b.transit().droppedPackets() > 1000);
		attacker.disconnect();
	}

	/** A listener that ignores everything. */
	static final class LocalBusTestsListener implements TransporterListener {

		@Override
		public void onMessage(String subject, byte[] payload) {
		}

		@Override
		public void onConnected(boolean reconnected) {
		}

		@Override
		public void onDisconnected() {
		}

	}

}
