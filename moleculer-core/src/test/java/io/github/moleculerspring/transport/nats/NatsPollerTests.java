package io.github.moleculerspring.transport.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.PollerSettings;
import io.github.moleculerspring.transport.Transit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's own pollers over a real {@code nats-server}: where handlers and response callbacks run,
 * and the blocked-poller safety net (a non-blocking handler that blocks is caught, demoted to the
 * workers and named, while a spare poller keeps the node answering).
 */
class NatsPollerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static NatsServer shared;

	private final List<ServiceBroker> brokers = new ArrayList<>();

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final Logger pollerLogger = (Logger) LoggerFactory.getLogger("io.github.moleculerspring.transport.ReceivePollers");

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
		this.pollerLogger.detachAppender(this.logged);
	}

	@Test
	void nonBlockingActionsRunOnThePollerAndOthersOnWorkers() throws Exception {
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
		ServiceBroker b = broker("b", namespace, PollerSettings.DEFAULTS);
		b.createService(ServiceDefinition.builder("where")
			.action(ActionDefinition.builder("inline").nonBlocking(true)
				.handler((ctx) -> Thread.currentThread().getName()).build())
			.action("worker", (ctx) -> Thread.currentThread().getName())
			.build());
		start(a, b);
		awaitAction(a, "where.inline", "b");

		assertThat(call(a, "where.inline")).startsWith("moleculer-poller-b-REQ-");
		assertThat(call(a, "where.worker")).doesNotContain("poller");
		// REQ, RES and EVENT of each node.
		assertThat(transit(a).pollerThreads()).isEqualTo(3);
		assertThat(transit(b).pollerThreads()).isEqualTo(3);
		assertThat(transit(b).blockedPollers()).isZero();
	}

	@Test
	void aResponseCompletesTheCallOnThePoller() throws Exception {
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
		ServiceBroker b = broker("b", namespace, PollerSettings.DEFAULTS);
		b.createService(ServiceDefinition.builder("echo").action("echo", (ctx) -> ctx.params()).build());
		start(a, b);
		awaitAction(a, "echo.echo", "b");

		String thread = a.call("echo.echo", Map.of("x", 1), CallOptions.builder().timeout(TIMEOUT).build())
			.thenApply((result) -> Thread.currentThread().getName())
			.get(30, TimeUnit.SECONDS);
		assertThat(thread).startsWith("moleculer-poller-a-RES-");
	}

	@Test
	void nonBlockingEventsAreDeliveredOnThePollerAndOthersOnWorkers() throws Exception {
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
		ServiceBroker b = broker("b", namespace, PollerSettings.DEFAULTS);
		List<String> threads = new CopyOnWriteArrayList<>();
		b.createService(ServiceDefinition.builder("fast")
			.event(EventDefinition.builder("tick").nonBlocking(true).handler((ctx) -> {
				threads.add("fast:" + Thread.currentThread().getName());
				return null;
			}).build())
			.action("ping", (ctx) -> "pong")
			.build());
		b.createService(ServiceDefinition.builder("slow").event("tock", (ctx) -> {
			threads.add("slow:" + Thread.currentThread().getName());
			return null;
		}).build());
		start(a, b);
		awaitAction(a, "fast.ping", "b");
		await().atMost(TIMEOUT).until(() -> a.registry().eventGroups("tock").contains("slow"));

		a.emit("tick", Map.of()).get(30, TimeUnit.SECONDS);
		a.emit("tock", Map.of()).get(30, TimeUnit.SECONDS);
		await().atMost(TIMEOUT).until(() -> threads.size() == 2);
		assertThat(threads).anySatisfy((t) -> assertThat(t).startsWith("fast:moleculer-poller-b-EVENT-"))
			.anySatisfy((t) -> assertThat(t).startsWith("slow:").doesNotContain("poller"));
	}

	@Test
	void aNonBlockingHandlerThatBlocksIsCaughtNamedAndDoesNotStallOtherReplies() throws Exception {
		captureLogs();
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
		ServiceBroker b = broker("b", namespace, PollerSettings.DEFAULTS);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> sleepyThreads = new CopyOnWriteArrayList<>();
		b.createService(ServiceDefinition.builder("svc")
			.action(ActionDefinition.builder("sleepy").nonBlocking(true).handler((ctx) -> {
				sleepyThreads.add(Thread.currentThread().getName());
				entered.countDown();
				release.await(30, TimeUnit.SECONDS);
				return "slept";
			}).build())
			.action(ActionDefinition.builder("quick").nonBlocking(true)
				.handler((ctx) -> Thread.currentThread().getName()).build())
			.build());
		start(a, b);
		awaitAction(a, "svc.quick", "b");
		CallOptions options = CallOptions.builder().timeout(TIMEOUT).build();

		CompletableFuture<Object> sleepy = a.call("svc.sleepy", Map.of(), options);
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
		long sent = System.nanoTime();
		Object quickThread = a.call("svc.quick", Map.of(), options).get(30, TimeUnit.SECONDS);
		long waitedMillis = (System.nanoTime() - sent) / 1_000_000;

		// Answered while the first poller is still held by "sleepy": a spare poller read it.
		assertThat(sleepy).isNotDone();
		assertThat(quickThread).asString().startsWith("moleculer-poller-b-REQ-").isNotEqualTo(sleepyThreads.get(0));
		// Caught after blocked-after (5 ms) plus at most half of it; the bound leaves room for a noisy machine.
		assertThat(waitedMillis).isLessThan(1000);
		assertThat(transit(b).blockedPollers()).isEqualTo(1);
		assertThat(transit(b).demotedFromPollers()).containsExactly("action 'svc.sleepy'");
		assertThat(transit(b).pollerThreads()).isEqualTo(4);
		assertThat(this.logged.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
			.contains("blocked").contains("action 'svc.sleepy'").contains("A spare poller took over"));

		release.countDown();
		assertThat(sleepy.get(30, TimeUnit.SECONDS)).isEqualTo("slept");
		// The blocked poller retired once its packet was done; "sleepy" now runs on the workers.
		await().atMost(TIMEOUT).until(() -> transit(b).pollerThreads() == 3);
		assertThat(a.call("svc.sleepy", Map.of(), options).get(30, TimeUnit.SECONDS)).isEqualTo("slept");
		assertThat(sleepyThreads.get(1)).doesNotContain("poller");
		assertThat(call(a, "svc.quick")).startsWith("moleculer-poller-b-REQ-");
	}

	@Test
	void aNonBlockingHandlerThatComputesForAFewBlockedAfterIsNotTakenForBlocked() throws Exception {
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
		ServiceBroker b = broker("b", namespace, PollerSettings.DEFAULTS);
		b.createService(ServiceDefinition.builder("cpu")
			.action(ActionDefinition.builder("spin").nonBlocking(true).handler((ctx) -> {
				// 15 ms of computing: three times blocked-after, well under twenty times.
				long end = System.nanoTime() + 15_000_000;
				long sum = 0;
				while (System.nanoTime() < end) {
					sum += end % 7;
				}
				return Thread.currentThread().getName() + ":" + (sum >= 0);
			}).build())
			.build());
		start(a, b);
		awaitAction(a, "cpu.spin", "b");

		for (int i = 0; i < 3; i++) {
			assertThat(call(a, "cpu.spin")).startsWith("moleculer-poller-b-REQ-");
		}
		assertThat(transit(b).blockedPollers()).isZero();
		assertThat(transit(b).demotedFromPollers()).isEmpty();
	}

	@Test
	void aResponseCallbackThatBlocksIsCaughtAndOtherResponsesStillArrive() throws Exception {
		captureLogs();
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
		ServiceBroker b = broker("b", namespace, PollerSettings.DEFAULTS);
		b.createService(ServiceDefinition.builder("echo")
			.action("first", (ctx) -> "1")
			.action("second", (ctx) -> "2")
			.build());
		start(a, b);
		awaitAction(a, "echo.second", "b");
		CallOptions options = CallOptions.builder().timeout(TIMEOUT).build();
		CountDownLatch release = new CountDownLatch(1);

		// The caller blocks in its continuation, on the poller that completed the call.
		CompletableFuture<Object> blocked = a.call("echo.first", Map.of(), options).thenApply((result) -> {
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return result;
		});
		await().atMost(TIMEOUT).until(() -> transit(a).blockedPollers() == 1);
		assertThat(a.call("echo.second", Map.of(), options).get(30, TimeUnit.SECONDS)).isEqualTo("2");
		assertThat(blocked).isNotDone();
		assertThat(transit(a).demotedFromPollers()).containsExactly("response callbacks of calls to 'echo.first'");
		assertThat(this.logged.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
			.contains("response callbacks of calls to 'echo.first'"));

		release.countDown();
		assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo("1");
		String thread = a.call("echo.first", Map.of(), options)
			.thenApply((result) -> Thread.currentThread().getName())
			.get(30, TimeUnit.SECONDS);
		assertThat(thread).doesNotContain("poller");
	}

	@Test
	void withoutSparesABlockedPollerIsStillNamedAndItsSubjectWaits() throws Exception {
		captureLogs();
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
		ServiceBroker b = broker("b", namespace, new PollerSettings(true, Duration.ofMillis(5), 0));
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		b.createService(ServiceDefinition.builder("svc")
			.action(ActionDefinition.builder("sleepy").nonBlocking(true).handler((ctx) -> {
				entered.countDown();
				release.await(30, TimeUnit.SECONDS);
				return "slept";
			}).build())
			.action("quick", (ctx) -> "quick")
			.build());
		start(a, b);
		awaitAction(a, "svc.quick", "b");
		CallOptions options = CallOptions.builder().timeout(TIMEOUT).build();

		CompletableFuture<Object> sleepy = a.call("svc.sleepy", Map.of(), options);
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
		await().atMost(TIMEOUT).until(() -> transit(b).blockedPollers() == 1);
		CompletableFuture<Object> quick = a.call("svc.quick", Map.of(), options);
		assertThat(transit(b).pollerThreads()).isEqualTo(3);
		assertThat(this.logged.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
			.contains("action 'svc.sleepy'").contains("No spare poller is left (max-spares 0)"));
		// The REQ poller is held: nothing reads b's requests until "sleepy" returns.
		Thread.sleep(200);
		assertThat(quick).isNotDone();

		release.countDown();
		assertThat(sleepy.get(30, TimeUnit.SECONDS)).isEqualTo("slept");
		assertThat(quick.get(30, TimeUnit.SECONDS)).isEqualTo("quick");
	}

	@Test
	void eventsBeyondTheirAdmissionAreRejectedWithQueueIsFullError() throws Exception {
		captureLogs();
		Logger transitLogger = (Logger) LoggerFactory.getLogger(Transit.class);
		transitLogger.addAppender(this.logged);
		try {
			String namespace = unique();
			ServiceBroker a = broker("a", namespace, PollerSettings.DEFAULTS);
			ServiceBroker b = new ServiceBroker(BrokerOptions.builder()
				.nodeID("b")
				.namespace(namespace)
				.workerThreads(1)
				.incomingEventQueueSize(1)
				.transporter(new NatsTransporter(NatsTransporterOptions.of(shared.url())))
				.build());
			this.brokers.add(b);
			CountDownLatch entered = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			List<Object> handled = new CopyOnWriteArrayList<>();
			b.createService(ServiceDefinition.builder("slow").action("ping", (ctx) -> "pong").event("work", (ctx) -> {
				entered.countDown();
				release.await(30, TimeUnit.SECONDS);
				handled.add(ctx.param("n", Integer.class));
				return null;
			}).build());
			start(a, b);
			awaitAction(a, "slow.ping", "b");

			a.emit("work", Map.of("n", 0)).get(30, TimeUnit.SECONDS);
			assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
			for (int n = 1; n < 5; n++) {
				a.emit("work", Map.of("n", n)).get(30, TimeUnit.SECONDS);
			}
			// The first event holds the only worker, the second waits for it; the other three exceed the admission of 1.
			await().atMost(TIMEOUT).until(() -> transit(b).rejectedEvents() == 3);
			assertThat(this.logged.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
				.contains("Dropped event 'work' from 'a'").contains("Queue is full"));
			release.countDown();
			await().atMost(TIMEOUT).until(() -> handled.size() == 2);
			assertThat(transit(b).rejectedEvents()).isEqualTo(3);
		}
		finally {
			transitLogger.detachAppender(this.logged);
		}
	}

	@Test
	void withPollersOffTheTransporterDeliveryFeedsTheWorkers() throws Exception {
		String namespace = unique();
		ServiceBroker a = broker("a", namespace, PollerSettings.disabled());
		ServiceBroker b = broker("b", namespace, PollerSettings.disabled());
		b.createService(ServiceDefinition.builder("where")
			.action(ActionDefinition.builder("inline").nonBlocking(true)
				.handler((ctx) -> Thread.currentThread().getName()).build())
			.build());
		start(a, b);
		awaitAction(a, "where.inline", "b");

		assertThat(call(a, "where.inline")).doesNotContain("poller");
		assertThat(transit(a).pollerThreads()).isZero();
		assertThat(transit(b).pollerThreads()).isZero();
	}

	private void captureLogs() {
		this.logged.start();
		this.pollerLogger.addAppender(this.logged);
	}

	private ServiceBroker broker(String nodeID, String namespace, PollerSettings pollers) {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.namespace(namespace)
			.pollers(pollers)
			.transporter(new NatsTransporter(NatsTransporterOptions.of(shared.url())))
			.build());
		this.brokers.add(broker);
		return broker;
	}

	private static void start(ServiceBroker... brokers) throws Exception {
		for (ServiceBroker broker : brokers) {
			broker.start().get(30, TimeUnit.SECONDS);
		}
	}

	private static String call(ServiceBroker caller, String action) throws Exception {
		return String.valueOf(caller.call(action, Map.of(), CallOptions.builder().timeout(TIMEOUT).build())
			.get(30, TimeUnit.SECONDS));
	}

	private static Transit transit(ServiceBroker broker) {
		return Objects.requireNonNull(broker.transit());
	}

	private static void awaitAction(ServiceBroker caller, String action, String nodeID) {
		await().atMost(TIMEOUT).until(() -> caller.registry().getActionEndpoint(action, nodeID) != null);
	}

	private static String unique() {
		return "t" + UUID.randomUUID().toString().substring(0, 8);
	}

}
