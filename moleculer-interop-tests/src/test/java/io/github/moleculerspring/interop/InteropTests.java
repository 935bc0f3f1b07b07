package io.github.moleculerspring.interop;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.support.MoleculerHandlerMethod;
import io.github.moleculerspring.annotation.support.MoleculerHandlerMethodFactory;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.ChildJvm;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A Java broker and a real Moleculer.js node of one version on a real nats-server: calls, meta,
 * errors, validation, events with groups, broadcast, discovery, ping, graceful stop, crash,
 * disable-balancer mode, namespaces and protocol {@code auto}. Subclasses choose the version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InteropTests {

	/** Moleculer.js version under test ({@code "0.14"} or {@code "0.15"}). */
	abstract String moleculerVersion();

	/** The protocol version that Moleculer.js version speaks. */
	abstract ProtocolVersion protocolVersion();

	private NatsServer nats;

	private JsNode js;

	private ServiceBroker java;

	private final Map<String, AtomicInteger> javaReceived = new ConcurrentHashMap<>();

	private final List<AutoCloseable> extras = new ArrayList<>();

	String jsNodeID() {
		return "js-" + moleculerVersion();
	}

	String javaNodeID() {
		return "java-" + moleculerVersion();
	}

	Map<String, Object> jsConfig(String nodeID, String namespace) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("version", moleculerVersion());
		config.put("nodeID", nodeID);
		config.put("namespace", namespace);
		config.put("natsUrl", this.nats.url());
		config.put("heartbeatInterval", 1);
		config.put("heartbeatTimeout", 4);
		config.put("listeners", List.of(Map.of("service", "js-listeners", "group", "listeners", "event", "interop.**"),
				Map.of("service", "js-audit", "group", "js-audit", "event", "interop.**")));
		return config;
	}

	BrokerOptions.Builder javaOptions(String nodeID, String namespace) {
		return BrokerOptions.builder()
			.nodeID(nodeID)
			.namespace(namespace)
			.transporter(new NatsTransporter(this.nats.url()))
			.protocolVersion(null)
			.heartbeatInterval(Duration.ofSeconds(1))
			.heartbeatTimeout(Duration.ofSeconds(4))
			.discoveryWait(Duration.ofMillis(500));
	}

	@BeforeAll
	void startCluster() throws Exception {
		this.nats = NatsServer.launch();
		this.js = JsNode.start(jsConfig(jsNodeID(), "interop"));
		this.java = new ServiceBroker(javaOptions(javaNodeID(), "interop").build());
		this.java.createService(javaMath());
		this.java.createService(javaListener("java-listeners", "listeners"));
		this.java.createService(javaListener("java-audit", "java-audit"));
		this.java.start().get(30, TimeUnit.SECONDS);
		awaitMutualDiscovery(this.java, this.js.nodeID(), "js-math.add", "java-math.add");
	}

	@AfterAll
	void stopCluster() throws Exception {
		if (this.java != null) {
			this.java.close();
		}
		if (this.js != null) {
			this.js.close();
		}
		if (this.nats != null) {
			this.nats.close();
		}
	}

	@BeforeEach
	void reset() throws Exception {
		for (AutoCloseable extra : this.extras) {
			extra.close();
		}
		this.extras.clear();
		this.javaReceived.clear();
		jsCall(this.js.nodeID(), "driver.clear", Map.of());
	}

	private ServiceDefinition javaMath() {
		return ServiceDefinition.builder("java-math")
			.action(ActionDefinition.builder("add")
				.params(Map.of("a", "number", "b", "number"))
				.handler((ctx) -> ctx.param("a", Double.class) + ctx.param("b", Double.class))
				.build())
			.action("echo", (ctx) -> {
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("params", ctx.params(Map.class));
				result.put("meta", ctx.meta());
				result.put("headers", ctx.headers());
				result.put("level", ctx.level());
				result.put("caller", ctx.caller());
				result.put("requestID", ctx.requestID());
				result.put("nodeID", ctx.nodeID());
				return result;
			})
			.action("rotate", (ctx) -> {
				ctx.meta().put("token", "rotated-by-java");
				ctx.meta().put("handledBy", ctx.broker().nodeID());
				return Map.of("ok", true);
			})
			.action("teapot", (ctx) -> {
				throw new MoleculerError("I am a Java teapot", 418, "TEAPOT", Map.of("reason", "teapot", "id", 42));
			})
			.action("bug", (ctx) -> {
				throw new IllegalStateException("Java bug");
			})
			.action("typed", (ctx) -> ctx.param("count", Integer.class) * 2)
			.action("chain", (ctx) -> ctx.call("js-math.echo", Map.of("via", "java"), Map.class))
			.action("hang", (ctx) -> new CompletableFuture<>())
			.action(strictAction())
			.build();
	}

	/** An annotated handler taking a record, as the Spring integration binds it (strict params). */
	private ActionDefinition strictAction() {
		MoleculerHandlerMethodFactory factory = new MoleculerHandlerMethodFactory(BrokerOptions.defaultMapper(), null);
		Method method = ReflectionUtils.findMethod(StrictHandlers.class, "order", OrderLine.class);
		MoleculerHandlerMethod handler = factory.createActionMethod(new StrictHandlers(), method, StrictHandlers.class);
		return ActionDefinition.builder("order").params(handler.getParamsSchema()).handler(handler::invoke).build();
	}

	private ServiceDefinition javaListener(String service, String group) {
		return ServiceDefinition.builder(service)
			.event(EventDefinition.builder("interop.**").group(group).handler((ctx) -> {
				this.javaReceived.computeIfAbsent(service + ":" + ctx.eventType(), (k) -> new AtomicInteger())
					.incrementAndGet();
				return null;
			}).build())
			.build();
	}

	/** Calls through the JS node's driver service: the JS broker makes the call. */
	@SuppressWarnings("unchecked")
	Map<String, Object> jsCall(String jsNodeID, String action, Object params) throws Exception {
		return jsCall(jsNodeID, action, params, Map.of());
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> jsCall(String jsNodeID, String action, Object params, Map<String, Object> options)
			throws Exception {
		Map<String, Object> request = new LinkedHashMap<>(options);
		request.put("action", action);
		request.put("params", params);
		Object result = this.java.call("driver.call", request, CallOptions.builder().nodeID(jsNodeID)
			.timeout(Duration.ofSeconds(30)).build()).get(60, TimeUnit.SECONDS);
		if (action.startsWith("driver.")) {
			return Map.of("ok", true, "result", result);
		}
		return (Map<String, Object>) result;
	}

	@SuppressWarnings("unchecked")
	List<Map<String, Object>> jsReceived() throws Exception {
		return (List<Map<String, Object>>) this.java
			.call("driver.received", null, CallOptions.nodeID(this.js.nodeID()))
			.get(30, TimeUnit.SECONDS);
	}

	void awaitMutualDiscovery(ServiceBroker broker, String jsNodeID, String jsAction, String javaAction) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (broker.registry().getActionEndpoint(jsAction, jsNodeID) == null) {
				return false;
			}
			Object ok = broker.call("driver.call", Map.of("action", "$node.actions", "params", Map.of()),
					CallOptions.nodeID(jsNodeID)).get(10, TimeUnit.SECONDS);
			return String.valueOf(ok).contains(javaAction);
		});
	}

	static MoleculerError failure(CompletableFuture<?> future) {
		ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(60, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(MoleculerError.class);
		return (MoleculerError) ex.getCause();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	// ------------------------------------------------------------------ tests

	@Test
	void javaJoinsTheClusterInItsProtocolVersion() {
		assertThat(this.js.protocolVersion()).isEqualTo(protocolVersion().value());
		assertThat(this.java.protocolVersion()).isEqualTo(protocolVersion());
	}

	@Test
	void javascriptCallsJavaWithParamsMetaAndTypedResults() throws Exception {
		Map<String, Object> add = jsCall(this.js.nodeID(), "java-math.add", Map.of("a", 5, "b", 3));
		assertThat(add).containsEntry("ok", true);
		// JSON numbers have no integer/double distinction: Java's 8.0 comes back from JS as 8.
		assertThat(((Number) add.get("result")).doubleValue()).isEqualTo(8.0);
		Map<String, Object> echo = jsCall(this.js.nodeID(), "java-math.echo", Map.of("x", List.of(1, 2)),
				Map.of("meta", Map.of("user", Map.of("id", 7)), "headers", Map.of("h", "v")));
		Map<String, Object> result = map(echo.get("result"));
		assertThat(result.get("params")).isEqualTo(Map.of("x", List.of(1, 2)));
		assertThat(map(result.get("meta"))).containsEntry("user", Map.of("id", 7));
		assertThat(result.get("level")).isEqualTo(1);
		assertThat(result.get("nodeID")).isEqualTo(this.js.nodeID());
		if (protocolVersion() == ProtocolVersion.V5) {
			assertThat(map(result.get("headers"))).containsEntry("h", "v");
		}
		Map<String, Object> rotated = jsCall(this.js.nodeID(), "java-math.rotate", Map.of(),
				Map.of("meta", Map.of("token", "abc", "user", "ann")));
		assertThat(map(rotated.get("meta"))).containsEntry("token", "rotated-by-java")
			.containsEntry("handledBy", javaNodeID())
			.containsEntry("user", "ann");
	}

	@Test
	void javaCallsJavascriptWithParamsMetaAndTypedResults() throws Exception {
		assertThat(this.java.call("js-math.add", Map.of("a", 5, "b", 3), Integer.class).get(30, TimeUnit.SECONDS)).isEqualTo(8);
		Map<String, Object> meta = new LinkedHashMap<>(Map.of("token", "abc", "user", "ann"));
		Object rotated = this.java.call("js-math.rotate", null, CallOptions.meta(meta)).get(30, TimeUnit.SECONDS);
		assertThat(meta).containsEntry("token", "rotated").containsEntry("handledBy", this.js.nodeID())
			.containsEntry("user", "ann");
		assertThat(map(rotated)).containsEntry("token", "rotated");
		Map<String, Object> echo = map(this.java.call("js-math.echo", Map.of("q", "x"),
				CallOptions.builder().requestID("req-77").headers(Map.of("h", "v")).build()).get(30, TimeUnit.SECONDS));
		assertThat(echo.get("requestID")).isEqualTo("req-77");
		assertThat(echo.get("nodeID")).isEqualTo(javaNodeID());
		assertThat(echo.get("version")).isEqualTo(protocolVersion().value());
		if (protocolVersion() == ProtocolVersion.V5) {
			assertThat(map(echo.get("headers"))).containsEntry("h", "v");
		}
	}

	@Test
	void nestedCallsCrossTheLanguageBoundaryKeepingTheChain() throws Exception {
		Map<String, Object> viaJava = jsCall(this.js.nodeID(), "java-math.chain", Map.of(),
				Map.of("meta", Map.of("tenant", "t1")));
		Map<String, Object> inner = map(viaJava.get("result"));
		assertThat(inner.get("level")).isEqualTo(2);
		assertThat(inner.get("caller")).isEqualTo("java-math");
		assertThat(map(inner.get("meta"))).containsEntry("tenant", "t1");
		assertThat(map(inner.get("params"))).containsEntry("via", "java");
	}

	@Test
	void errorsWithDataArriveAsTheRightClassBothWays() throws Exception {
		MoleculerError fromJs = failure(this.java.call("js-math.teapot", null));
		assertThat(fromJs.getName()).isEqualTo("MoleculerError");
		assertThat(fromJs.getCode()).isEqualTo(418);
		assertThat(fromJs.getType()).isEqualTo("TEAPOT");
		assertThat(fromJs.getData()).isEqualTo(Map.of("reason", "teapot", "id", 42));
		assertThat(fromJs.getNodeID()).isEqualTo(this.js.nodeID());
		Map<String, Object> failMeta = new LinkedHashMap<>();
		MoleculerError client = failure(this.java.call("js-math.failWithMeta", null, CallOptions.meta(failMeta)));
		assertThat(client).isInstanceOf(MoleculerClientError.class);
		assertThat(client.getCode()).isEqualTo(409);
		assertThat(failMeta).containsEntry("failedOn", this.js.nodeID());

		Map<String, Object> toJs = map(jsCall(this.js.nodeID(), "java-math.teapot", Map.of()).get("error"));
		assertThat(toJs).containsEntry("className", "MoleculerError").containsEntry("name", "MoleculerError")
			.containsEntry("code", 418).containsEntry("type", "TEAPOT").containsEntry("nodeID", javaNodeID())
			.containsEntry("retryable", false);
		assertThat(toJs.get("data")).isEqualTo(Map.of("reason", "teapot", "id", 42));
		Map<String, Object> bug = map(jsCall(this.js.nodeID(), "java-math.bug", Map.of()).get("error"));
		assertThat(bug).containsEntry("className", "MoleculerServerError").containsEntry("code", 500)
			.containsEntry("message", "Java bug");
		// No Java stack frames or class names by default; the JS node takes the short stack as sent.
		assertThat(bug).containsEntry("type", "UNHANDLED_EXCEPTION").containsEntry("retryable", false)
			.containsEntry("nodeID", javaNodeID())
			.containsEntry("stack", "MoleculerServerError: Java bug")
			.doesNotContainKey("data");
	}

	@Test
	void validationErrorsAre422ValidationErrorsBothWays() throws Exception {
		Map<String, Object> fromJava = map(jsCall(this.js.nodeID(), "java-math.typed", Map.of("count", "many"))
			.get("error"));
		assertThat(fromJava).containsEntry("className", "ValidationError").containsEntry("code", 422)
			.containsEntry("type", "VALIDATION_ERROR");
		List<?> violations = (List<?>) fromJava.get("data");
		assertThat(map(violations.get(0))).containsEntry("field", "count");
		MoleculerError fromJs = failure(this.java.call("js-math.add", Map.of("a", "five", "b", 3)));
		assertThat(fromJs).isInstanceOf(ValidationError.class);
		assertThat(fromJs.getCode()).isEqualTo(422);
		assertThat(((ValidationError) fromJs).getViolations()).anySatisfy((violation) -> {
			assertThat(violation.field()).isEqualTo("a");
			assertThat(violation.type()).isEqualTo("number");
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void javascriptCallerGetsFastestValidatorErrorsForAFractionalInteger() throws Exception {
		Map<String, Object> error = map(jsCall(this.js.nodeID(), "java-math.order",
				Map.of("sku", 7, "quantity", 1.5)).get("error"));
		assertThat(error).containsEntry("className", "ValidationError").containsEntry("code", 422)
			.containsEntry("type", "VALIDATION_ERROR").containsEntry("message", "Parameters validation error!");
		assertThat((List<Object>) error.get("data")).containsExactly(
				Map.<String, Object>of("type", "numberInteger", "message", "The 'quantity' field must be an integer.", "field",
						"quantity", "actual", 1.5, "nodeID", this.js.nodeID(), "action", "java-math.order"),
				Map.<String, Object>of("type", "string", "message", "The 'sku' field must be a string.", "field", "sku", "actual", 7,
						"nodeID", this.js.nodeID(), "action", "java-math.order"));
		assertThat(jsCall(this.js.nodeID(), "java-math.order", Map.of("sku", "a", "quantity", 2)))
			.containsEntry("result", "2 x a");
	}

	@Test
	void unknownActionsFailWithServiceNotFoundBothWays() throws Exception {
		assertThat(failure(this.java.call("js-math.nope", null))).isInstanceOf(ServiceNotFoundError.class);
		assertThat(failure(this.java.call("js-math.nope", null, CallOptions.nodeID(this.js.nodeID()))))
			.isInstanceOf(ServiceNotFoundError.class);
		Map<String, Object> fromJs = map(jsCall(this.js.nodeID(), "java-math.nope", Map.of()).get("error"));
		assertThat(fromJs).containsEntry("className", "ServiceNotFoundError").containsEntry("code", 404);
	}

	@Test
	void balancedEventsReachEachGroupExactlyOnceAcrossJavaAndJavascript() throws Exception {
		int n = 40;
		for (int i = 0; i < n; i++) {
			this.java.emit("interop.created", Map.of("i", i)).get(30, TimeUnit.SECONDS);
		}
		for (int i = 0; i < n; i++) {
			this.java.call("driver.emit", Map.of("event", "interop.updated", "data", Map.of("i", i)),
					CallOptions.nodeID(this.js.nodeID())).get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<Map<String, Object>> received = jsReceived();
			long jsListeners = received.stream().filter((e) -> e.get("service").equals("js-listeners")).count();
			long jsAudit = received.stream().filter((e) -> e.get("service").equals("js-audit")).count();
			int javaListeners = count("java-listeners:emit");
			int javaAudit = count("java-audit:emit");
			assertThat(jsListeners + javaListeners).isEqualTo(2 * n);
			assertThat(jsAudit).isEqualTo(2 * n);
			assertThat(javaAudit).isEqualTo(2 * n);
		});
		List<Map<String, Object>> received = jsReceived();
		assertThat(received.stream().filter((e) -> e.get("service").equals("js-listeners"))).isNotEmpty();
		assertThat(count("java-listeners:emit")).isPositive();
		assertThat(received).filteredOn((e) -> e.get("event").equals("interop.created"))
			.allSatisfy((e) -> assertThat(e.get("nodeID")).isEqualTo(javaNodeID()));
	}

	@Test
	void emitToOneGroupAndBroadcastToAll() throws Exception {
		this.java.emit("interop.only", null, EmitOptions.groups("js-audit")).get(30, TimeUnit.SECONDS);
		this.java.broadcast("interop.all", Map.of("x", 1)).get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<Map<String, Object>> received = jsReceived();
			assertThat(received).filteredOn((e) -> e.get("event").equals("interop.only"))
				.singleElement()
				.satisfies((e) -> assertThat(e.get("service")).isEqualTo("js-audit"));
			assertThat(received).filteredOn((e) -> e.get("event").equals("interop.all"))
				.extracting((e) -> e.get("service"))
				.containsExactlyInAnyOrder("js-listeners", "js-audit");
			assertThat(count("java-listeners:broadcastLocal")).isEqualTo(1);
			assertThat(count("java-audit:broadcastLocal")).isEqualTo(1);
		});
		assertThat(count("java-audit:emit")).isZero();
		this.java.call("driver.broadcast", Map.of("event", "interop.fromjs", "data", Map.of()),
				CallOptions.nodeID(this.js.nodeID())).get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> count("java-listeners:broadcast") == 1
				&& count("java-audit:broadcast") == 1);
	}

	@Test
	void javascriptSeesTheJavaNodeAndItsActions() throws Exception {
		List<?> nodes = (List<?>) jsCall(this.js.nodeID(), "$node.list", Map.of()).get("result");
		Map<String, Object> javaNode = nodes.stream().map(InteropTests::map)
			.filter((n) -> n.get("id").equals(javaNodeID()))
			.findFirst()
			.orElseThrow();
		assertThat(javaNode).containsEntry("available", true);
		assertThat(map(javaNode.get("client"))).containsEntry("type", "java");
		List<?> services = (List<?>) jsCall(this.js.nodeID(), "$node.services",
				Map.of("withActions", true, "skipInternal", true)).get("result");
		Map<String, Object> math = services.stream().map(InteropTests::map)
			.filter((s) -> s.get("name").equals("java-math"))
			.findFirst()
			.orElseThrow();
		assertThat(String.valueOf(math.get("nodes"))).contains(javaNodeID());
		Map<String, Object> add = map(map(math.get("actions")).get("java-math.add"));
		assertThat(add).containsEntry("name", "java-math.add").containsEntry("rawName", "add");
		assertThat(map(add.get("params"))).containsEntry("a", "number");
	}

	@Test
	void pingWorksBothWays() throws Exception {
		ServiceBroker.PingResult pong = this.java.ping(this.js.nodeID(), Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
		assertThat(pong.nodeID()).isEqualTo(this.js.nodeID());
		Object fromJs = this.java.call("driver.ping", Map.of("nodeID", javaNodeID()), CallOptions.nodeID(this.js.nodeID()))
			.get(30, TimeUnit.SECONDS);
		assertThat(map(fromJs)).containsEntry("ok", true);
		assertThat(map(map(fromJs).get("pong"))).containsEntry("nodeID", javaNodeID());
	}

	@Test
	void gracefulStopIsSeenAtOnceBothWays() throws Exception {
		// Observers with a 60 s heartbeat timeout: only the leaving node's DISCONNECT can explain
		// noticing it within the bounds below, however loaded the machine (the bounds measure it as much
		// as the product, so they are generous; the heartbeat path would take over 60 s).
		Map<String, Object> observerConfig = jsConfig("js-observer", "interop");
		observerConfig.put("heartbeatTimeout", 60);
		JsNode jsObserver = JsNode.start(observerConfig);
		this.extras.add(jsObserver);
		ServiceBroker javaObserver = new ServiceBroker(javaOptions("java-observer", "interop")
			.heartbeatTimeout(Duration.ofSeconds(60))
			.build());
		javaObserver.start().get(30, TimeUnit.SECONDS);
		this.extras.add(javaObserver);

		ServiceBroker leaving = new ServiceBroker(javaOptions("java-leaving", "interop").build());
		leaving.createService(ServiceDefinition.builder("leaving").action("hi", (ctx) -> "hi").build());
		leaving.start().get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> jsNodeAvailable("js-observer", "java-leaving"));
		long begin = System.nanoTime();
		leaving.stop().get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).until(() -> !jsNodeAvailable("js-observer", "java-leaving"));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(20_000);

		JsNode other = JsNode.start(jsConfig("js-leaving", "interop"));
		this.extras.add(other);
		await().atMost(Duration.ofSeconds(30)).until(() -> javaObserver.registry().getNode("js-leaving") != null
				&& javaObserver.registry().getNode("js-leaving").isAvailable());
		begin = System.nanoTime();
		other.stop();
		await().atMost(Duration.ofSeconds(20)).until(() -> !javaObserver.registry().getNode("js-leaving").isAvailable());
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(20_000);
	}

	private boolean jsNodeAvailable(String jsNodeID, String nodeID) throws Exception {
		List<?> nodes = (List<?>) this.java.call("driver.nodes", null, CallOptions.nodeID(jsNodeID)).get(10,
				TimeUnit.SECONDS);
		return nodes.stream().map(InteropTests::map)
			.anyMatch((n) -> n.get("id").equals(nodeID) && Boolean.TRUE.equals(n.get("available")));
	}

	@Test
	void killedJavascriptNodeIsDetectedAndPendingCallsFailFast() throws Exception {
		JsNode victim = JsNode.start(jsConfig("js-victim", "interop"));
		this.extras.add(victim);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.java.registry().getActionEndpoint("js-math.hang",
				"js-victim") != null);
		CompletableFuture<Object> pending = this.java.call("js-math.hang", null,
				CallOptions.builder().nodeID("js-victim").timeout(Duration.ofSeconds(60)).build());
		Thread.sleep(300);
		long begin = System.nanoTime();
		victim.kill();
		MoleculerError error = failure(pending);
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
		assertThat(error).isInstanceOf(RequestRejectedError.class);
		assertThat(millis).isLessThan(15_000);
		assertThat(this.java.registry().getNode("js-victim").isAvailable()).isFalse();
	}

	@Test
	void crashedJavaNodeIsDetectedByJavascriptAndItsPendingCallsFail() throws Exception {
		ServiceBroker victim = new ServiceBroker(javaOptions("java-victim", "interop").build());
		victim.createService(ServiceDefinition.builder("victim").action("hang", (ctx) -> new CompletableFuture<>()).build());
		victim.start().get(30, TimeUnit.SECONDS);
		this.extras.add(victim);
		await().atMost(Duration.ofSeconds(30)).until(() -> jsNodeAvailable(this.js.nodeID(), "java-victim"));
		CompletableFuture<Object> pending = this.java.call("driver.call",
				Map.of("action", "victim.hang", "params", Map.of()),
				CallOptions.builder().nodeID(this.js.nodeID()).timeout(Duration.ofSeconds(60)).build());
		Thread.sleep(300);
		// A crash: the connection vanishes without INFO or DISCONNECT.
		victim.transit().transporter().disconnect().get(10, TimeUnit.SECONDS);
		Map<String, Object> outcome = map(pending.get(30, TimeUnit.SECONDS));
		assertThat(outcome).containsEntry("ok", false);
		assertThat(map(outcome.get("error"))).containsEntry("className", "RequestRejectedError");
	}

	/**
	 * The crash above with a real process: the Java node runs in its own JVM and is SIGKILLed while
	 * Moleculer.js calls to it are in flight (started, never answered; no JS request timeout). Nothing
	 * says goodbye, so Moleculer.js notices at its heartbeat timeout (4 s), rejects every pending
	 * call with {@code RequestRejectedError}, reports its services as not available, and keeps serving.
	 */
	@Test
	void killedJavaProcessIsDetectedByJavascriptAtItsHeartbeatTimeoutAndItsPendingCallsAreRejected()
			throws Exception {
		String victimID = "java-proc-victim";
		ChildJvm victim = ChildJvm.launch(victimID, List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
				JavaNodeMain.class, List.of(victimID, this.nats.url(), "interop", protocolVersion().value()));
		this.extras.add(victim);
		victim.awaitLine("READY " + victimID, Duration.ofSeconds(60));
		await().atMost(Duration.ofSeconds(30)).until(() -> jsNodeAvailable(this.js.nodeID(), victimID));
		assertThat(jsCall(this.js.nodeID(), "proc-victim.hi", Map.of())).containsEntry("ok", true)
			.containsEntry("result", "hi from " + victimID);
		int inFlight = 3;
		List<CompletableFuture<Object>> pending = new ArrayList<>();
		for (int i = 0; i < inFlight; i++) {
			pending.add(this.java.call("driver.call", Map.of("action", "proc-victim.hang", "params", Map.of("i", i)),
					CallOptions.builder().nodeID(this.js.nodeID()).timeout(Duration.ofSeconds(60)).build()));
		}
		// In flight: each call has reached the victim's handler.
		await().atMost(Duration.ofSeconds(30)).until(() -> victim.output().contains("HANG " + inFlight));
		assertThat(pending).noneMatch(CompletableFuture::isDone);

		long killed = System.nanoTime();
		assertThat(victim.kill()).as("exit value after SIGKILL").isEqualTo(128 + 9);
		for (CompletableFuture<Object> call : pending) {
			Map<String, Object> outcome = map(call.get(30, TimeUnit.SECONDS));
			assertThat(outcome).containsEntry("ok", false);
			assertThat(map(outcome.get("error"))).containsEntry("className", "RequestRejectedError")
				.containsEntry("data", Map.of("action", "proc-victim.hang", "nodeID", victimID));
		}
		long rejectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
		System.out.println("Moleculer.js " + moleculerVersion() + " rejected " + inFlight
				+ " pending calls to the SIGKILLed Java process after " + rejectedMillis + " ms");
		// Detected by the heartbeat check, not by a DISCONNECT (a killed process sends none).
		assertThat(this.js.output()).anyMatch((line) -> line.contains("Heartbeat is not received from '" + victimID));
		assertThat(jsNodeAvailable(this.js.nodeID(), victimID)).isFalse();
		Map<String, Object> gone = jsCall(this.js.nodeID(), "proc-victim.hi", Map.of());
		assertThat(gone).containsEntry("ok", false);
		assertThat(map(gone.get("error"))).containsEntry("className", "ServiceNotAvailableError");
		// The JS node keeps serving both ways.
		assertThat(this.java.call("js-math.add", Map.of("a", 5, "b", 3), Integer.class).get(30, TimeUnit.SECONDS))
			.isEqualTo(8);
		Map<String, Object> add = jsCall(this.js.nodeID(), "java-math.add", Map.of("a", 2, "b", 3));
		assertThat(add).containsEntry("ok", true);
		assertThat(((Number) add.get("result")).doubleValue()).isEqualTo(5.0);
	}

	@Test
	void namespacesIsolateClustersOnOneNatsServer() throws Exception {
		JsNode other = JsNode.start(jsConfig("js-other-ns", "elsewhere"));
		this.extras.add(other);
		ServiceBroker there = new ServiceBroker(javaOptions("java-elsewhere", "elsewhere").build());
		there.createService(ServiceDefinition.builder("isolated").action("who", (ctx) -> "elsewhere").build());
		there.start().get(30, TimeUnit.SECONDS);
		this.extras.add(there);
		awaitMutualDiscovery(there, "js-other-ns", "js-math.add", "isolated.who");
		assertThat(there.registry().getNode(this.js.nodeID())).isNull();
		assertThat(there.registry().getNode(javaNodeID())).isNull();
		assertThat(this.java.registry().getNode("js-other-ns")).isNull();
		assertThat(this.java.registry().getActionEndpoints("isolated.who")).isNull();
		assertThat(there.call("js-math.whoami", null).get(30, TimeUnit.SECONDS)).isEqualTo("js-other-ns");
	}

	@Test
	void disableBalancerModeUsesQueueGroupsBothWays() throws Exception {
		Map<String, Object> config = jsConfig("js-nobalancer", "nobalancer");
		config.put("disableBalancer", true);
		JsNode other = JsNode.start(config);
		this.extras.add(other);
		Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
		ServiceBroker balanced = new ServiceBroker(javaOptions("java-nobalancer", "nobalancer").disableBalancer(true)
			.requestTimeout(Duration.ofSeconds(20))
			.build());
		balanced.createService(ServiceDefinition.builder("java-math").action("add",
				(ctx) -> ctx.param("a", Integer.class) + ctx.param("b", Integer.class)).build());
		balanced.createService(ServiceDefinition.builder("java-listeners")
			.event(EventDefinition.builder("interop.**").group("listeners").handler((ctx) -> {
				received.computeIfAbsent("listeners", (k) -> new AtomicInteger()).incrementAndGet();
				return null;
			}).build())
			.build());
		balanced.start().get(30, TimeUnit.SECONDS);
		this.extras.add(balanced);
		awaitMutualDiscovery(balanced, "js-nobalancer", "js-math.add", "java-math.add");
		assertThat(balanced.transit().balancedSubjects()).contains("MOL-nobalancer.REQB.java-math.add",
				"MOL-nobalancer.EVENTB.listeners.interop.>");
		assertThat(balanced.call("js-math.add", Map.of("a", 2, "b", 2)).get(30, TimeUnit.SECONDS)).isEqualTo(4);
		Map<String, Object> fromJs = map(balanced.call("driver.call",
				Map.of("action", "java-math.add", "params", Map.of("a", 3, "b", 4)), CallOptions.nodeID("js-nobalancer"))
			.get(30, TimeUnit.SECONDS));
		assertThat(fromJs).containsEntry("ok", true).containsEntry("result", 7);
		int n = 20;
		for (int i = 0; i < n; i++) {
			balanced.emit("interop.nb", Map.of("i", i)).get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> js = (List<Map<String, Object>>) balanced
				.call("driver.received", null, CallOptions.nodeID("js-nobalancer"))
				.get(30, TimeUnit.SECONDS);
			long jsListeners = js.stream().filter((e) -> e.get("service").equals("js-listeners")).count();
			long jsAudit = js.stream().filter((e) -> e.get("service").equals("js-audit")).count();
			int javaListeners = received.getOrDefault("listeners", new AtomicInteger()).get();
			assertThat(jsListeners + javaListeners).isEqualTo(n);
			assertThat(jsAudit).isEqualTo(n);
		});
	}

	@Test
	void javaNodeOfTheOtherFixedVersionDoesNotSeeTheCluster() throws Exception {
		ProtocolVersion other = (protocolVersion() == ProtocolVersion.V5) ? ProtocolVersion.V4 : ProtocolVersion.V5;
		ServiceBroker wrong = new ServiceBroker(javaOptions("java-wrong-version", "interop").protocolVersion(other).build());
		wrong.start().get(30, TimeUnit.SECONDS);
		this.extras.add(wrong);
		// A bounded negative window ended by events: the peers' 1 s heartbeats reach the wrong node and
		// are dropped. Five drops take a few seconds, during which its own INFO and heartbeats reached
		// the JS node too; neither side may have accepted the other by then.
		await().atMost(Duration.ofSeconds(30)).until(() -> wrong.transit().droppedPackets() >= 5);
		assertThat(wrong.registry().getNode(this.js.nodeID())).isNull();
		assertThat(wrong.transit().droppedPackets()).isPositive();
		assertThat(jsNodeAvailable(this.js.nodeID(), "java-wrong-version")).isFalse();
	}

	private int count(String key) {
		AtomicInteger value = this.javaReceived.get(key);
		return (value != null) ? value.get() : 0;
	}


	// ------------------------------------------------------------------ streams

	@Test
	void aStreamRequestFromJavascriptFailsWithStreamNotSupported() throws Exception {
		AtomicInteger handled = new AtomicInteger();
		this.java.createService(ServiceDefinition.builder("java-files").action("save", (ctx) -> {
			handled.incrementAndGet();
			return "saved";
		}).build());
		try {
			// The JS node knows the action once a plain call to it succeeds.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Boolean.TRUE.equals(jsCall(this.js.nodeID(), "java-files.save", Map.of()).get("ok")));
			int plainCalls = handled.get();

			Map<String, Object> request = new LinkedHashMap<>();
			request.put("action", "java-files.save");
			request.put("params", Map.of("name", "a.txt"));
			request.put("chunks", List.of("hello ", "stream"));
			// A JS-side timeout far beyond the test's wait: a hang would fail the test, not time out in JS.
			request.put("timeout", 120_000);
			Map<String, Object> outcome = map(this.java
				.call("driver.callStream", request,
						CallOptions.builder().nodeID(this.js.nodeID()).timeout(Duration.ofSeconds(30)).build())
				.get(60, TimeUnit.SECONDS));

			assertThat(outcome).containsEntry("ok", false);
			Map<String, Object> error = map(outcome.get("error"));
			assertThat(error).containsEntry("name", "MoleculerClientError")
				.containsEntry("className", "MoleculerClientError")
				.containsEntry("code", 422)
				.containsEntry("type", "STREAM_NOT_SUPPORTED")
				.containsEntry("retryable", false);
			assertThat(map(error.get("data"))).containsEntry("action", "java-files.save")
				.containsEntry("nodeID", javaNodeID());
			assertThat(handled).hasValue(plainCalls);
			// The node still answers plain calls afterwards.
			assertThat(jsCall(this.js.nodeID(), "java-files.save", Map.of())).containsEntry("ok", true)
				.containsEntry("result", "saved");
		}
		finally {
			this.java.destroyService("java-files");
		}
	}

	/** The params of {@code java-math.order}. */
	record OrderLine(String sku, int quantity) {
	}

	/** Annotated handlers, bound by {@link MoleculerHandlerMethodFactory}. */
	static class StrictHandlers {

		@Action
		public String order(OrderLine line) {
			return line.quantity() + " x " + line.sku();
		}

	}

}
