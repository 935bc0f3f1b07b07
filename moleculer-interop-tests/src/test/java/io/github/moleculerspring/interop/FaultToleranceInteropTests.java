package io.github.moleculerspring.interop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Moleculer.js caller with its own circuit breaker and retry policy calling Java replicas of a
 * service, one of which fails: every call succeeds through retries on the healthy replica, and the
 * JS breaker opens on the failing Java endpoint (and broadcasts it, which Java nodes receive).
 */
class FaultToleranceInteropTests {

	@ParameterizedTest(name = "Moleculer.js {0}")
	@ValueSource(strings = { "0.14", "0.15" })
	void javascriptBreakerAndRetriesWorkAgainstJavaReplicas(String version) throws Exception {
		try (NatsServer nats = NatsServer.launch()) {
			AtomicInteger badCalls = new AtomicInteger();
			AtomicInteger goodCalls = new AtomicInteger();
			List<Map<String, Object>> opened = new CopyOnWriteArrayList<>();
			ServiceBroker good = javaReplica(nats, "java-good", version, false, goodCalls, opened);
			ServiceBroker bad = javaReplica(nats, "java-bad", version, true, badCalls, new CopyOnWriteArrayList<>());
			Map<String, Object> config = new LinkedHashMap<>();
			config.put("version", version);
			config.put("nodeID", "js-caller-" + version);
			config.put("natsUrl", nats.url());
			config.put("heartbeatInterval", 1);
			config.put("heartbeatTimeout", 4);
			config.put("retryPolicy", Map.of("enabled", true, "retries", 3, "delay", 20, "maxDelay", 100));
			config.put("circuitBreaker", Map.of("enabled", true, "threshold", 0.5, "minRequestCount", 3,
					"windowTime", 60, "halfOpenTime", 60_000));
			try (JsNode js = JsNode.start(config)) {
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
					Object actions = good.call("driver.call", Map.of("action", "$node.actions",
							"params", Map.of("withEndpoints", true)), CallOptions.nodeID(js.nodeID())).get(10, TimeUnit.SECONDS);
					return String.valueOf(actions).contains("java-good") && String.valueOf(actions).contains("java-bad");
				});
				int calls = 30;
				for (int i = 0; i < calls; i++) {
					Map<?, ?> outcome = (Map<?, ?>) good.call("driver.call",
							Map.of("action", "work.do", "params", Map.of("i", i)), CallOptions.nodeID(js.nodeID()))
						.get(30, TimeUnit.SECONDS);
					assertThat(outcome.get("ok")).as("call %d: %s", i, outcome).isEqualTo(true);
					assertThat(outcome.get("result")).isEqualTo("java-good");
				}
				assertThat(goodCalls.get()).isEqualTo(calls);
				assertThat(badCalls.get()).isBetween(3, calls - 1);
				await().atMost(Duration.ofSeconds(10)).until(() -> !opened.isEmpty());
				assertThat(opened.get(0)).containsEntry("nodeID", "java-bad").containsEntry("action", "work.do");
				// Once open, the JS strategy skips the failing replica: no more calls reach it.
				int badBefore = badCalls.get();
				for (int i = 0; i < 10; i++) {
					good.call("driver.call", Map.of("action", "work.do", "params", Map.of()), CallOptions.nodeID(js.nodeID()))
						.get(30, TimeUnit.SECONDS);
				}
				assertThat(badCalls.get()).isEqualTo(badBefore);
			}
			finally {
				good.close();
				bad.close();
			}
		}
	}

	private static ServiceBroker javaReplica(NatsServer nats, String nodeID, String version, boolean failing,
			AtomicInteger calls, List<Map<String, Object>> opened) throws Exception {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.transporter(new NatsTransporter(nats.url()))
			// Pinned: two Java replicas that start first would otherwise lock 'auto' on to each other's v5.
			.protocolVersion(version.equals("0.14") ? ProtocolVersion.V4 : ProtocolVersion.V5)
			.heartbeatInterval(Duration.ofSeconds(1))
			.heartbeatTimeout(Duration.ofSeconds(4))
			.build());
		broker.createService(ServiceDefinition.builder("work").action("do", (ctx) -> {
			calls.incrementAndGet();
			if (failing) {
				throw new MoleculerServerError("replica " + nodeID + " is failing");
			}
			return nodeID;
		}).build());
		broker.createService(ServiceDefinition.builder("breaker-watch")
			.event(EventDefinition.of("$circuit-breaker.opened", (ctx) -> {
				@SuppressWarnings("unchecked")
				Map<String, Object> payload = ctx.params(Map.class);
				opened.add(payload);
				return null;
			}))
			.build());
		broker.start().get(30, TimeUnit.SECONDS);
		return broker;
	}

}
