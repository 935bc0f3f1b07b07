package io.github.moleculerspring.interop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.autoconfigure.MoleculerNatsAutoConfiguration;
import io.github.moleculerspring.autoconfigure.observation.MoleculerObservationAutoConfiguration;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanReporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces across a Java node and a real Moleculer.js 0.15 node with its tracer on, on a real
 * nats-server. The Java node is a Spring Boot application with the Moleculer auto-configuration and
 * Spring Boot's Brave tracing (its finished spans collected by a {@link SpanReporter}); the JS node
 * keeps its finished spans (an exporter in {@code interop-node.js}, read with {@code driver.spans}).
 *
 * <p>
 * Moleculer carries a trace in the request's fields: {@code requestID} is the trace ID,
 * {@code parentID} the calling span, {@code tracing} the sampled flag; a JS action span has the
 * context's ID as its own. Java → JS: the JS span's {@code traceID} and {@code parentID} are the
 * Java call span's trace and span IDs. JS → Java: the Java span's trace ID is the JS
 * {@code traceID} and its parent the JS span, both as W3C IDs (dashes removed; a span ID is the
 * first 16 hex digits).
 *
 * <p>
 * It lives in the interop module because that is where Moleculer.js nodes run; for that the module
 * has test dependencies on the auto-configuration and Spring Boot's Brave tracing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingInteropTests {

	private static final String NAMESPACE = "tracing-interop";

	private NatsServer nats;

	private JsNode js;

	private final List<FinishedSpan> javaSpans = new CopyOnWriteArrayList<>();

	private ApplicationContextRunner contextRunner;

	@BeforeAll
	void startCluster() throws Exception {
		this.nats = NatsServer.launch();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("version", "0.15");
		config.put("nodeID", "js-traced");
		config.put("namespace", NAMESPACE);
		config.put("natsUrl", this.nats.url());
		config.put("heartbeatInterval", 1);
		config.put("heartbeatTimeout", 4);
		config.put("tracing", true);
		this.js = JsNode.start(config);
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
					MoleculerNatsAutoConfiguration.class, MoleculerAutoConfiguration.class,
					ObservationAutoConfiguration.class, BraveAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, MoleculerObservationAutoConfiguration.class))
			.withBean(SpanReporter.class, () -> this.javaSpans::add)
			.withUserConfiguration(TracedConfiguration.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0", "moleculer.transporter=" + this.nats.url(),
					"moleculer.namespace=" + NAMESPACE, "moleculer.node-id=java-traced",
					"spring.application.name=java-app", "moleculer.heartbeat-interval=1",
					"moleculer.heartbeat-timeout=4");
	}

	@AfterAll
	void stopCluster() throws Exception {
		if (this.js != null) {
			this.js.close();
		}
		if (this.nats != null) {
			this.nats.close();
		}
	}

	@BeforeEach
	void clearSpans() {
		this.javaSpans.clear();
	}

	@Test
	void aJavaCallThroughMoleculerJsAndBackIsOneTraceWithTheParentChainOnBothSides() {
		this.contextRunner.run((context) -> {
			ServiceBroker java = context.getBean(ServiceBroker.class);
			awaitMutualDiscovery(java);
			clearJsSpans(java);
			this.javaSpans.clear();

			// Java (test thread) → js-math.chain on the JS node → java-trace.work on the Java node.
			Object result = java
				.call("js-math.chain", Map.of("action", "java-trace.work", "params", Map.of("item", "cup")),
						CallOptions.timeout(Duration.ofSeconds(20)))
				.get(30, TimeUnit.SECONDS);
			assertThat(result).isEqualTo("worked on cup");

			FinishedSpan call = awaitJavaSpan("call js-math.chain", Span.Kind.CLIENT);
			FinishedSpan work = awaitJavaSpan("java-trace.work", Span.Kind.SERVER);
			Map<String, Object> chain = awaitJsSpan(java, "js-math.chain");

			// Java → JS: the JS span continues the Java call span's trace, as its child.
			assertThat(chain).containsEntry("traceID", call.getTraceId())
				.containsEntry("parentID", call.getSpanId())
				.containsEntry("sampled", true);
			assertThat(map(chain.get("tags"))).containsEntry("remoteCall", true)
				.containsEntry("callerNodeID", "java-traced");
			// JS → Java: the Java handler's span continues the JS span's trace, as its child.
			assertThat(work.getTraceId()).isEqualTo(w3cTraceID(String.valueOf(chain.get("traceID"))));
			assertThat(work.getParentId()).isEqualTo(w3cSpanID(String.valueOf(chain.get("id"))));
			assertThat(work.getTags()).containsEntry("moleculer.action", "java-trace.work");
			assertThat(call.getParentId()).isNull();
		});
	}

	@Test
	void aTraceStartedOnMoleculerJsContinuesOnTheJavaNode() throws Exception {
		// An untraced Java broker starts the chain: the JS action span is the root of the trace and
		// chooses its trace ID (the request's requestID, a UUID).
		ServiceBroker plain = new ServiceBroker(BrokerOptions.builder()
			.nodeID("java-plain")
			.namespace(NAMESPACE)
			.transporter(new NatsTransporter(this.nats.url()))
			.heartbeatInterval(Duration.ofSeconds(1))
			.heartbeatTimeout(Duration.ofSeconds(4))
			.build());
		try {
			plain.start().get(30, TimeUnit.SECONDS);
			this.contextRunner.run((context) -> {
				ServiceBroker java = context.getBean(ServiceBroker.class);
				awaitMutualDiscovery(java);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> plain.registry().getActionEndpoint("js-math.chain", "js-traced") != null);
				clearJsSpans(java);
				this.javaSpans.clear();

				Object result = plain
					.call("js-math.chain", Map.of("action", "java-trace.work", "params", Map.of("item", "pen")),
							CallOptions.builder().nodeID("js-traced").timeout(Duration.ofSeconds(20)).build())
					.get(30, TimeUnit.SECONDS);
				assertThat(result).isEqualTo("worked on pen");

				Map<String, Object> chain = awaitJsSpan(java, "js-math.chain");
				FinishedSpan work = awaitJavaSpan("java-trace.work", Span.Kind.SERVER);
				String traceID = String.valueOf(chain.get("traceID"));
				assertThat(chain.get("parentID")).isNull();
				assertThat(traceID).as("a UUID chosen by Moleculer").hasSize(36).contains("-");
				assertThat(work.getTraceId()).isEqualTo(w3cTraceID(traceID));
				assertThat(work.getParentId()).isEqualTo(w3cSpanID(String.valueOf(chain.get("id"))));
				assertThat(this.javaSpans).filteredOn((span) -> span.getName().equals("java-trace.work")).hasSize(1);
			});
		}
		finally {
			plain.close();
		}
	}

	private static String w3cTraceID(String moleculerID) {
		return moleculerID.replace("-", "");
	}

	private static String w3cSpanID(String moleculerID) {
		return moleculerID.replace("-", "").substring(0, 16);
	}

	private void awaitMutualDiscovery(ServiceBroker java) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (java.registry().getActionEndpoint("js-math.chain", "js-traced") == null) {
				return false;
			}
			Object actions = java
				.call("driver.call", Map.of("action", "$node.actions", "params", Map.of()), CallOptions.nodeID("js-traced"))
				.get(10, TimeUnit.SECONDS);
			return String.valueOf(actions).contains("java-trace.work");
		});
	}

	private static void clearJsSpans(ServiceBroker java) throws Exception {
		java.call("driver.clear", null, CallOptions.nodeID("js-traced")).get(10, TimeUnit.SECONDS);
	}

	private FinishedSpan awaitJavaSpan(String name, Span.Kind kind) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.javaSpans.stream()
				.filter((span) -> name.equals(span.getName()) && kind == span.getKind())
				.findFirst()
				.orElse(null), (span) -> span != null);
	}

	/** The one span the JS node finished for the action, once it has. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> awaitJsSpan(ServiceBroker java, String action) {
		List<Map<String, Object>> matching = await().atMost(Duration.ofSeconds(10)).until(() -> {
			List<Map<String, Object>> spans = (List<Map<String, Object>>) java
				.call("driver.spans", null, CallOptions.nodeID("js-traced"))
				.get(10, TimeUnit.SECONDS);
			return spans.stream()
				.filter((span) -> span.get("tags") instanceof Map<?, ?> tags
						&& tags.get("action") instanceof Map<?, ?> a && action.equals(a.get("name")))
				.toList();
		}, (spans) -> !spans.isEmpty());
		assertThat(matching).as("JS spans of %s", action).hasSize(1);
		return matching.get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@Configuration(proxyBeanMethods = false)
	@Import(JavaTraceService.class)
	static class TracedConfiguration {

	}

	@MoleculerService("java-trace")
	static class JavaTraceService {

		@Action
		String work(Map<String, Object> params) {
			return "worked on " + params.get("item");
		}

	}

}
