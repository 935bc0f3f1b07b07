package io.github.moleculerspring.transport.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Two brokers talking over a real {@code nats-server} through {@link NatsTransporter}. */
class NatsBrokerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static NatsServer shared;

	private final List<ServiceBroker> brokers = new ArrayList<>();

	private final List<NatsServer> servers = new ArrayList<>();

	@BeforeAll
	static void startSharedServer() {
		shared = NatsServer.launch();
	}

	@AfterAll
	static void stopSharedServer() {
		shared.close();
	}

	@AfterEach
	void cleanUp() {
		this.brokers.forEach(ServiceBroker::close);
		this.servers.forEach(NatsServer::close);
	}

	@Test
	void brokersDiscoverEachOtherAndCallWithMetaMergeBack() throws Exception {
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, NatsTransporterOptions.of(shared.url()));
		ServiceBroker b = broker("b", namespace, NatsTransporterOptions.of(shared.url()));
		b.createService(ServiceDefinition.builder("math").action("add", (ctx) -> {
			ctx.meta().put("seenBy", ctx.broker().nodeID());
			return ctx.param("a", Integer.class) + ctx.param("b", Integer.class);
		}).build());
		a.start().get(30, TimeUnit.SECONDS);
		b.start().get(30, TimeUnit.SECONDS);
		awaitAction(a, "math.add", "b");
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("user", "u1");
		Object result = a.call("math.add", Map.of("a", 2, "b", 3), callOptions(meta)).get(30, TimeUnit.SECONDS);
		assertThat(result).isEqualTo(5);
		assertThat(meta).containsEntry("seenBy", "b").containsEntry("user", "u1");
		assertThat(a.registry().getNode("b")).isNotNull();
		assertThat(b.registry().getNode("a")).isNotNull();
	}

	@Test
	void eventsAreEmittedAndBroadcastBetweenBrokers() throws Exception {
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, NatsTransporterOptions.of(shared.url()));
		ServiceBroker b = broker("b", namespace, NatsTransporterOptions.of(shared.url()));
		List<String> onA = new CopyOnWriteArrayList<>();
		List<String> onB = new CopyOnWriteArrayList<>();
		a.createService(ServiceDefinition.builder("audit").event("order.*", (ctx) -> {
			onA.add(ctx.eventType() + ":" + ctx.param("id", Integer.class) + "@" + ctx.nodeID());
			return null;
		}).build());
		b.createService(ServiceDefinition.builder("billing").action("ping", (ctx) -> "pong").event("order.created", (ctx) -> {
			onB.add(ctx.eventType() + ":" + ctx.param("id", Integer.class) + "@" + ctx.nodeID());
			return null;
		}).build());
		a.start().get(30, TimeUnit.SECONDS);
		b.start().get(30, TimeUnit.SECONDS);
		awaitAction(a, "billing.ping", "b");

		a.emit("order.created", Map.of("id", 1)).get(30, TimeUnit.SECONDS);
		// Each group gets an emitted event once: "audit" locally on a, "billing" over NATS on b.
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(onA).contains("emit:1@a");
			assertThat(onB).contains("emit:1@a");
		});

		a.broadcast("order.created", Map.of("id", 2)).get(30, TimeUnit.SECONDS);
		// Local handlers of a broadcast run as broadcastLocal, as in Moleculer.
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(onA).contains("broadcastLocal:2@a");
			assertThat(onB).contains("broadcast:2@a");
		});

		b.broadcast("order.shipped", Map.of("id", 3)).get(30, TimeUnit.SECONDS);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(onA).contains("broadcast:3@b"));
		await().during(Duration.ofMillis(300)).atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(onA).hasSize(3));
		assertThat(onB).hasSize(2);
	}

	@Test
	void stoppingABrokerStillConnectingAbandonsTheAttemptsAndFailsTheStart() throws Exception {
		NatsServer server = own(NatsServer.prepare());
		ServiceBroker broker = broker("a", unique(),
				NatsTransporterOptions.builder().url(server.url()).reconnectWait(Duration.ofMillis(100)).build());
		CompletableFuture<Void> started = broker.start();
		// A bounded negative window: three connection attempts (every 100 ms) to a server that is not
		// up; the start keeps waiting rather than giving up or succeeding.
		Thread.sleep(300);
		assertThat(started).isNotDone();
		broker.stop().get(10, TimeUnit.SECONDS);
		assertThatThrownBy(() -> started.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(BrokerDisconnectedError.class);
		server.start();
		// A bounded negative window: an attempt still running would connect within one 100 ms
		// reconnect wait of the server being up; 500 ms is five of them.
		Thread.sleep(500);
		assertThat(broker.isConnected()).isFalse();
	}

	@Test
	void aCallAboveTheServerMaxPayloadFailsWith413NotATimeout() throws Exception {
		NatsServer server = own(NatsServer.launch("max_payload: 4096\n"));
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, NatsTransporterOptions.of(server.url()));
		ServiceBroker b = broker("b", namespace, NatsTransporterOptions.of(server.url()));
		b.createService(ServiceDefinition.builder("echo")
			.action("repeat", (ctx) -> "x".repeat(ctx.param("times", Integer.class)))
			.build());
		a.start().get(30, TimeUnit.SECONDS);
		b.start().get(30, TimeUnit.SECONDS);
		awaitAction(a, "echo.repeat", "b");

		assertThat(a.call("echo.repeat", Map.of("times", 10), callOptions(new LinkedHashMap<>()))
			.get(30, TimeUnit.SECONDS)).isEqualTo("x".repeat(10));
		// Too large a request: the caller cannot send it.
		Map<String, Object> bigParams = Map.of("times", 1, "padding", "p".repeat(5000));
		assertPayloadTooLarge(() -> a.call("echo.repeat", bigParams, callOptions(new LinkedHashMap<>()))
			.get(30, TimeUnit.SECONDS));
		// Too large a response: the callee cannot send it and answers with the error instead.
		assertPayloadTooLarge(() -> a.call("echo.repeat", Map.of("times", 5000), callOptions(new LinkedHashMap<>()))
			.get(30, TimeUnit.SECONDS));
		assertThat(a.isConnected()).isTrue();
	}

	private static void assertPayloadTooLarge(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOf(ExecutionException.class)
			.cause()
			.isNotInstanceOf(RequestTimeoutError.class)
			.isInstanceOfSatisfying(MoleculerError.class, (error) -> {
				assertThat(error.getCode()).isEqualTo(413);
				assertThat(error.getType()).isEqualTo("PAYLOAD_TOO_LARGE");
			});
	}

	@Test
	void callsAndEventsWorkAgainAfterTheServerRestarts() throws Exception {
		NatsServer server = own(NatsServer.prepare());
		server.start();
		NatsTransporterOptions options = NatsTransporterOptions.builder()
			.url(server.url())
			.reconnectWait(Duration.ofMillis(250))
			.build();
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, options);
		ServiceBroker b = broker("b", namespace, options);
		AtomicInteger pings = new AtomicInteger();
		List<Boolean> reconnects = new CopyOnWriteArrayList<>();
		AtomicInteger disconnects = new AtomicInteger();
		a.createService(ServiceDefinition.builder("watch")
			.event("$transporter.connected", (ctx) -> reconnects.add(ctx.param("wasReconnect", Boolean.class)))
			.event("$transporter.disconnected", (ctx) -> disconnects.incrementAndGet())
			.build());
		b.createService(ServiceDefinition.builder("greeter")
			.action("hello", (ctx) -> "Hello " + ctx.param("name", String.class))
			.event("pinged", (ctx) -> pings.incrementAndGet())
			.build());
		a.start().get(30, TimeUnit.SECONDS);
		b.start().get(30, TimeUnit.SECONDS);
		awaitAction(a, "greeter.hello", "b");
		assertThat(a.call("greeter.hello", Map.of("name", "before")).get(30, TimeUnit.SECONDS)).isEqualTo("Hello before");

		server.stop();
		await().atMost(TIMEOUT).until(() -> !a.isConnected() && !b.isConnected());
		await().atMost(TIMEOUT).until(() -> disconnects.get() == 1);

		server.start();
		await().atMost(TIMEOUT).until(() -> a.isConnected() && b.isConnected());
		await().atMost(TIMEOUT).until(() -> reconnects.contains(true));
		await().atMost(TIMEOUT).ignoreExceptions()
			.until(() -> "Hello after".equals(a.call("greeter.hello", Map.of("name", "after")).get(5, TimeUnit.SECONDS)));
		// The subscriptions survived the restart exactly once: one broadcast, one delivery.
		a.broadcast("pinged", Map.of()).get(30, TimeUnit.SECONDS);
		await().atMost(TIMEOUT).until(() -> pings.get() == 1);
		await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> pings.get() == 1);
	}

	private ServiceBroker broker(String nodeID, String namespace, NatsTransporterOptions options) {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.namespace(namespace)
			.transporter(new NatsTransporter(options))
			.build());
		this.brokers.add(broker);
		return broker;
	}

	private static void awaitAction(ServiceBroker caller, String action, String nodeID) {
		await().atMost(TIMEOUT).until(() -> caller.registry().getActionEndpoint(action, nodeID) != null);
	}

	private static CallOptions callOptions(Map<String, Object> meta) {
		return CallOptions.builder().meta(meta).timeout(TIMEOUT).build();
	}

	private NatsServer own(NatsServer server) {
		this.servers.add(server);
		return server;
	}

	private static String unique() {
		return "t" + UUID.randomUUID().toString().substring(0, 8);
	}

}
