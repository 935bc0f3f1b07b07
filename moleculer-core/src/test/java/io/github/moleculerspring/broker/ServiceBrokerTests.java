package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import io.github.moleculerspring.error.QueueIsFullError;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.error.MaxCallLevelError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.error.RequestSkippedError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** One broker without a transporter: calls, errors, timeouts, meta, visibility and events. */
class ServiceBrokerTests {

	private final List<ServiceBroker> brokers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.brokers.forEach(ServiceBroker::close);
	}

	private ServiceBroker start(BrokerOptions.Builder options, ServiceDefinition... services) throws Exception {
		ServiceBroker broker = new ServiceBroker(options.build());
		this.brokers.add(broker);
		for (ServiceDefinition service : services) {
			broker.createService(service);
		}
		broker.start().get(10, TimeUnit.SECONDS);
		return broker;
	}

	private ServiceBroker start(ServiceDefinition... services) throws Exception {
		return start(BrokerOptions.builder().nodeID("local"), services);
	}

	private static MoleculerError failure(CompletableFuture<?> future) {
		ExecutionException ex = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> future.get(10, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(MoleculerError.class);
		return (MoleculerError) ex.getCause();
	}

	private static ServiceDefinition math() {
		return ServiceDefinition.builder("math")
			.action("add", (ctx) -> ctx.param("a", Integer.class) + ctx.param("b", Integer.class))
			.action("fail", (ctx) -> {
				throw new IllegalStateException("disk full");
			})
			.action("teapot", (ctx) -> {
				throw new MoleculerError("I am a teapot", 418, "TEAPOT", Map.of("id", 42));
			})
			.action("async", (ctx) -> CompletableFuture.supplyAsync(() -> "later"))
			.build();
	}

	@Test
	void callsLocalActionAndConvertsTheResult() throws Exception {
		ServiceBroker broker = start(math());
		assertThat(broker.call("math.add", Map.of("a", 2, "b", 3)).get(30, TimeUnit.SECONDS)).isEqualTo(5);
		assertThat(broker.call("math.add", Map.of("a", 2, "b", 3), String.class).get(30, TimeUnit.SECONDS)).isEqualTo("5");
		assertThat(broker.call("math.async", null).get(30, TimeUnit.SECONDS)).isEqualTo("later");
	}

	@Test
	void unknownActionFailsAtOnceWithServiceNotFound() throws Exception {
		ServiceBroker broker = start(math());
		MoleculerError error = failure(broker.call("math.nope", Map.of()));
		assertThat(error).isInstanceOf(ServiceNotFoundError.class);
		assertThat(error.getCode()).isEqualTo(404);
		assertThat(error.getMessage()).isEqualTo("Service 'math.nope' is not found.");
	}

	@Test
	void exceptionInUserCodeBecomesServerErrorCarryingItsMessage() throws Exception {
		ServiceBroker broker = start(math());
		MoleculerError error = failure(broker.call("math.fail", Map.of()));
		assertThat(error).isInstanceOf(MoleculerServerError.class);
		assertThat(error.getCode()).isEqualTo(500);
		assertThat(error.getMessage()).isEqualTo("disk full");
		assertThat(error.getNodeID()).isEqualTo("local");
	}

	@Test
	void moleculerErrorFromUserCodePassesThrough() throws Exception {
		ServiceBroker broker = start(math());
		MoleculerError error = failure(broker.call("math.teapot", Map.of()));
		assertThat(error.getCode()).isEqualTo(418);
		assertThat(error.getType()).isEqualTo("TEAPOT");
		assertThat(error.getData()).isEqualTo(Map.of("id", 42));
	}

	@Test
	void unconvertibleParamIsValidationErrorNamingTheField() throws Exception {
		ServiceBroker broker = start(math());
		MoleculerError error = failure(broker.call("math.add", Map.of("a", "two", "b", 3)));
		assertThat(error).isInstanceOf(ValidationError.class);
		assertThat(error.getCode()).isEqualTo(422);
		assertThat(((ValidationError) error).getViolations()).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEqualTo("a");
			assertThat(violation.action()).isEqualTo("math.add");
		});
	}

	@Test
	void slowHandlerTimesOutWithRequestTimeoutError() throws Exception {
		CompletableFuture<Object> never = new CompletableFuture<>();
		ServiceBroker broker = start(ServiceDefinition.builder("slow").action("wait", (ctx) -> never).build());
		long start = System.nanoTime();
		MoleculerError error = failure(broker.call("slow.wait", null, CallOptions.timeout(Duration.ofMillis(200))));
		assertThat(error).isInstanceOf(RequestTimeoutError.class);
		assertThat(error.getCode()).isEqualTo(504);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
	}

	@Test
	void timeoutPrecedenceIsCallThenActionThenBroker() throws Exception {
		CompletableFuture<Object> never = new CompletableFuture<>();
		List<Double> seen = new CopyOnWriteArrayList<>();
		ServiceBroker broker = start(BrokerOptions.builder().nodeID("local").requestTimeout(Duration.ofSeconds(30)),
				ServiceDefinition.builder("t")
					.action(ActionDefinition.builder("withLimit").timeout(20_000).handler((ctx) -> {
						seen.add(ctx.timeout());
						return "ok";
					}).build())
					.action("plain", (ctx) -> {
						seen.add(ctx.timeout());
						return "ok";
					})
					.build());
		broker.call("t.plain", null).get(30, TimeUnit.SECONDS);
		broker.call("t.withLimit", null).get(30, TimeUnit.SECONDS);
		broker.call("t.withLimit", null, CallOptions.timeout(Duration.ofSeconds(5))).get(30, TimeUnit.SECONDS);
		assertThat(seen).containsExactly(30_000.0, 20_000.0, 5_000.0);
		never.complete(null);
	}

	@Test
	void nestedCallWithNoTimeLeftIsSkippedWithoutRunning() throws Exception {
		AtomicInteger targetRuns = new AtomicInteger();
		CompletableFuture<Throwable> nestedFailure = new CompletableFuture<>();
		ServiceBroker broker = start(ServiceDefinition.builder("chain")
			.action("outer", (ctx) -> CompletableFuture.runAsync(() -> sleep(150))
				.thenCompose((v) -> ctx.call("chain.inner", null))
				.whenComplete((r, e) -> nestedFailure.complete(e)))
			.action("inner", (ctx) -> targetRuns.incrementAndGet())
			.build());
		MoleculerError error = failure(broker.call("chain.outer", null, CallOptions.timeout(Duration.ofMillis(100))));
		assertThat(error).isInstanceOf(RequestTimeoutError.class);
		Throwable nested = nestedFailure.get(5, TimeUnit.SECONDS);
		assertThat(nested).isInstanceOf(java.util.concurrent.CompletionException.class);
		assertThat(nested.getCause()).isInstanceOf(RequestSkippedError.class);
		assertThat(((MoleculerError) nested.getCause()).getCode()).isEqualTo(514);
		assertThat(targetRuns.get()).isZero();
	}

	@Test
	void nestedCallInsideTheBudgetGetsTheRemainingTime() throws Exception {
		List<Double> innerTimeouts = new CopyOnWriteArrayList<>();
		ServiceBroker broker = start(ServiceDefinition.builder("chain")
			.action("outer", (ctx) -> {
				sleep(50);
				return ctx.call("chain.inner", null);
			})
			.action("inner", (ctx) -> innerTimeouts.add(ctx.timeout()))
			.build());
		broker.call("chain.outer", null, CallOptions.timeout(Duration.ofSeconds(2))).get(30, TimeUnit.SECONDS);
		assertThat(innerTimeouts).singleElement().satisfies((timeout) -> assertThat(timeout).isBetween(1000.0, 1955.0));
	}

	@Test
	void callChainDeeperThanMaxCallLevelFails() throws Exception {
		ServiceBroker broker = start(BrokerOptions.builder().nodeID("local").maxCallLevel(3),
				ServiceDefinition.builder("rec")
					.action("down", (ctx) -> ctx.call("rec.down", null))
					.build());
		MoleculerError error = failure(broker.call("rec.down", null));
		assertThat(error).isInstanceOf(MaxCallLevelError.class);
		assertThat(error.getData()).isEqualTo(Map.of("nodeID", "local", "level", 3));
	}

	@Test
	void nestedContextsPropagateRequestIdLevelCallerAndMeta() throws Exception {
		List<Context> inner = new CopyOnWriteArrayList<>();
		ServiceBroker broker = start(ServiceDefinition.builder("a")
			.version(2)
			.action("first", (ctx) -> {
				ctx.meta().put("fromFirst", 1);
				return ctx.call("b.second", null).thenApply((r) -> ctx.meta());
			})
			.build(), ServiceDefinition.builder("b").action("second", (ctx) -> {
				inner.add(ctx);
				ctx.meta().put("fromSecond", 2);
				return null;
			}).build());
		Map<String, Object> meta = new LinkedHashMap<>(Map.of("user", "ann"));
		Object result = broker.call("v2.a.first", null,
				CallOptions.builder().meta(meta).requestID("req-1").build()).get(30, TimeUnit.SECONDS);
		assertThat(result).isEqualTo(Map.of("user", "ann", "fromFirst", 1, "fromSecond", 2));
		assertThat(meta).containsEntry("fromSecond", 2).containsEntry("fromFirst", 1);
		Context child = inner.get(0);
		assertThat(child.requestID()).isEqualTo("req-1");
		assertThat(child.level()).isEqualTo(2);
		assertThat(child.caller()).isEqualTo("v2.a");
		assertThat(child.parentID()).isNotNull().isNotEqualTo(child.id());
	}

	@Test
	void metaChangesFlowBackAlsoOnError() throws Exception {
		ServiceBroker broker = start(ServiceDefinition.builder("m").action("fail", (ctx) -> {
			ctx.meta().put("touched", true);
			throw new MoleculerError("no", 400, "NO", null);
		}).action("outer", (ctx) -> ctx.call("m.fail", null).handle((r, e) -> ctx.meta())).build());
		Map<String, Object> meta = new LinkedHashMap<>();
		failure(broker.call("m.fail", null, CallOptions.meta(meta)));
		assertThat(meta).containsEntry("touched", true);
		assertThat(broker.call("m.outer", null).get(30, TimeUnit.SECONDS)).isEqualTo(Map.of("touched", true));
	}

	@Test
	void privateActionIsCallableOnlyFromItsOwnService() throws Exception {
		ServiceBroker broker = start(ServiceDefinition.builder("secret")
			.action(ActionDefinition.builder("hidden").visibility(Visibility.PRIVATE).handler((ctx) -> "hidden").build())
			.action("reveal", (ctx) -> ctx.call("secret.hidden", null))
			.build(), ServiceDefinition.builder("other").action("peek", (ctx) -> ctx.call("secret.hidden", null)).build());
		assertThat(failure(broker.call("secret.hidden", null))).isInstanceOf(ServiceNotFoundError.class);
		assertThat(broker.call("secret.reveal", null).get(30, TimeUnit.SECONDS)).isEqualTo("hidden");
		assertThat(failure(broker.call("other.peek", null))).isInstanceOf(ServiceNotFoundError.class);
		assertThat(broker.registry().localServiceInfos().stream()
			.flatMap((s) -> s.actions().keySet().stream())).doesNotContain("secret.hidden");
	}

	@Test
	void protectedActionIsCallableLocallyAndListedInInfo() throws Exception {
		ServiceBroker broker = start(ServiceDefinition.builder("p")
			.action(ActionDefinition.builder("inside").visibility(Visibility.PROTECTED).handler((ctx) -> "in").build())
			.build());
		assertThat(broker.call("p.inside", null).get(30, TimeUnit.SECONDS)).isEqualTo("in");
		assertThat(broker.registry().localServiceInfos().stream()
			.flatMap((s) -> s.actions().values().stream())
			.filter((a) -> a.name().equals("p.inside"))).singleElement()
			.satisfies((a) -> assertThat(a.visibility()).isEqualTo("protected"));
	}

	@Test
	void duplicateServiceIsRejected() throws Exception {
		ServiceBroker broker = start(math());
		assertThatExceptionOfType(ServiceSchemaError.class).isThrownBy(() -> broker.createService(math()));
		assertThatExceptionOfType(ServiceSchemaError.class).isThrownBy(() -> ServiceDefinition.builder("x")
			.action("a", (ctx) -> 1)
			.action("a", (ctx) -> 2)
			.build());
	}

	@Test
	void emitReachesOneHandlerPerGroupAndBroadcastReachesAll() throws Exception {
		Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
		ServiceBroker broker = start(
				listener("mailer", "user.created", null, counts), listener("mailer2", "user.created", "mailer", counts),
				listener("audit", "user.**", null, counts), listener("stats", "order.*", null, counts));
		int n = 20;
		for (int i = 0; i < n; i++) {
			broker.emit("user.created", Map.of("i", i)).get(30, TimeUnit.SECONDS);
		}
		assertThat(counts.get("mailer").get() + counts.get("mailer2").get()).isEqualTo(n);
		assertThat(counts.get("audit").get()).isEqualTo(n);
		assertThat(counts.get("stats")).isNull();
		counts.clear();
		broker.broadcast("user.created", null).get(30, TimeUnit.SECONDS);
		assertThat(counts.get("mailer").get()).isEqualTo(1);
		assertThat(counts.get("mailer2").get()).isEqualTo(1);
		assertThat(counts.get("audit").get()).isEqualTo(1);
		counts.clear();
		broker.emit("user.created", null, EmitOptions.groups("audit")).get(30, TimeUnit.SECONDS);
		assertThat(counts).containsOnlyKeys("audit");
	}

	@Test
	void localEmitsBeyondTheEventQueueFailWithQueueIsFullError() throws Exception {
		List<Runnable> held = new CopyOnWriteArrayList<>();
		AtomicBoolean holding = new AtomicBoolean();
		Executor gate = (task) -> {
			if (holding.get()) {
				held.add(task);
			}
			else {
				task.run();
			}
		};
		Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
		ServiceBroker broker = start(BrokerOptions.builder().nodeID("local").executor(gate).incomingEventQueueSize(2),
				listener("mailer", "user.created", null, counts));
		holding.set(true);
		CompletableFuture<Void> first = broker.emit("user.created", Map.of("i", 1));
		CompletableFuture<Void> second = broker.emit("user.created", Map.of("i", 2));
		CompletableFuture<Void> third = broker.emit("user.created", Map.of("i", 3));
		assertThat(held).hasSize(2);
		MoleculerError error = failure(third);
		assertThat(error).isInstanceOf(QueueIsFullError.class);
		assertThat(error.getCode()).isEqualTo(429);
		assertThat(error.getData()).isEqualTo(Map.of("event", "user.created", "nodeID", "local", "size", 2, "limit", 2));
		assertThat(first).isNotDone();
		holding.set(false);
		held.forEach(Runnable::run);
		first.get(10, TimeUnit.SECONDS);
		second.get(10, TimeUnit.SECONDS);
		assertThat(counts.get("mailer").get()).isEqualTo(2);
		broker.emit("user.created", Map.of("i", 4)).get(10, TimeUnit.SECONDS);
		assertThat(counts.get("mailer").get()).isEqualTo(3);
	}

	private static ServiceDefinition listener(String service, String event, String group,
			Map<String, AtomicInteger> counts) {
		return ServiceDefinition.builder(service)
			.event(EventDefinition.builder(event)
				.group(group)
				.handler((ctx) -> counts.computeIfAbsent(service, (k) -> new AtomicInteger()).incrementAndGet())
				.build())
			.build();
	}

	@Test
	void internalEventsAreBroadcastLocally() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		ServiceDefinition watcher = ServiceDefinition.builder("watcher")
			.event("$broker.started", (ctx) -> seen.add(ctx.eventName()))
			.event("$services.changed", (ctx) -> seen.add(ctx.eventName() + ":" + ctx.param("localService")))
			.build();
		ServiceBroker broker = start(watcher);
		broker.createService(ServiceDefinition.builder("late").action("a", (ctx) -> 1).build());
		await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("$broker.started")
				&& seen.contains("$services.changed:true"));
	}

	@Test
	void mcallRunsCallsInParallelAndReportsEachOutcome() throws Exception {
		ServiceBroker broker = start(math());
		assertThat(broker.mcall(List.of(new ServiceBroker.CallDefinition("math.add", Map.of("a", 1, "b", 1)),
				new ServiceBroker.CallDefinition("math.add", Map.of("a", 2, "b", 2)))).get(30, TimeUnit.SECONDS)).containsExactly(2, 4);
		assertThat(broker.mcall(Map.of("x", new ServiceBroker.CallDefinition("math.add", Map.of("a", 1, "b", 2))))
			.get(30, TimeUnit.SECONDS)).isEqualTo(Map.of("x", 3));
		List<ServiceBroker.Settled> settled = broker.mcallSettled(List.of(
				new ServiceBroker.CallDefinition("math.add", Map.of("a", 1, "b", 1)),
				new ServiceBroker.CallDefinition("math.fail", null))).get(30, TimeUnit.SECONDS);
		assertThat(settled.get(0).fulfilled()).isTrue();
		assertThat(settled.get(1).fulfilled()).isFalse();
		assertThat(settled.get(1).reason()).isInstanceOf(MoleculerServerError.class);
	}

	@Test
	void nodeServiceListsThisNodeAndItsServices() throws Exception {
		ServiceBroker broker = start(math());
		List<Map<String, Object>> nodes = maps(broker.call("$node.list", null).get(30, TimeUnit.SECONDS));
		assertThat(nodes).singleElement().satisfies((node) -> assertThat(node).containsEntry("id", "local")
			.containsEntry("available", true).containsEntry("local", true)
			.containsKeys("instanceID", "client", "cpu", "seq", "hostname", "ipList"));
		List<Map<String, Object>> services = maps(
				broker.call("$node.services", Map.of("skipInternal", true, "withActions", true)).get(30, TimeUnit.SECONDS));
		assertThat(services).singleElement().satisfies((service) -> {
			assertThat(service.get("name")).isEqualTo("math");
			assertThat(service.get("nodes")).isEqualTo(List.of("local"));
			assertThat(map(service.get("actions"))).containsKeys("math.add", "math.fail");
		});
		List<Map<String, Object>> actions = maps(
				broker.call("$node.actions", Map.of("skipInternal", "true", "withEndpoints", "true")).get(30, TimeUnit.SECONDS));
		assertThat(actions).extracting((a) -> a.get("name"))
			.containsExactlyInAnyOrder("math.add", "math.fail", "math.teapot", "math.async");
		assertThat(map(broker.call("$node.health", null).get(30, TimeUnit.SECONDS))).containsKeys("cpu", "mem", "os", "process",
				"client", "net", "time");
		assertThat(map(broker.call("$node.options", null).get(30, TimeUnit.SECONDS))).containsEntry("nodeID", "local")
			.containsEntry("heartbeatInterval", 10L);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object value) {
		return (List<Map<String, Object>>) value;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
