package io.github.moleculerspring.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Moleculer's metric names and tags, recorded for local and remote calls, errors and events. */
class MetricsTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final LocalBus bus = new LocalBus("metrics-" + System.nanoTime());

	private ServiceBroker caller;

	private ServiceBroker callee;

	@AfterEach
	void stop() {
		if (this.caller != null) {
			this.caller.close();
		}
		if (this.callee != null) {
			this.callee.close();
		}
	}

	private ServiceBroker broker(String nodeID, MeterRegistry registry, ServiceDefinition... services)
			throws Exception {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.transporter(new LocalTransporter(this.bus))
			.discoveryWait(Duration.ofMillis(50))
			.meterRegistry(registry)
			.build());
		for (ServiceDefinition service : services) {
			broker.createService(service);
		}
		broker.start().get(10, TimeUnit.SECONDS);
		return broker;
	}

	@Test
	void requestAndEventMetricsCarryMoleculersNamesAndTags() throws Exception {
		MeterRegistry calleeMeters = new SimpleMeterRegistry();
		this.callee = broker("callee", calleeMeters, ServiceDefinition.builder("math")
			.action("add", (ctx) -> ctx.param("a", Integer.class) + ctx.param("b", Integer.class))
			.action("fail", (ctx) -> {
				throw new MoleculerError("nope", 418, "TEAPOT", null);
			})
			.action("slow", (ctx) -> new CompletableFuture<>())
			.event("order.placed", (ctx) -> null)
			.build());
		this.caller = broker("caller", this.meters,
				ServiceDefinition.builder("front").action("go", (ctx) -> ctx.call("math.add", Map.of("a", 1, "b", 2))).build());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.caller.registry().getActionEndpoints("math.add") != null);
		this.caller.call("front.go", null).get(30, TimeUnit.SECONDS);
		this.caller.call("math.add", Map.of("a", 1, "b", 2)).get(30, TimeUnit.SECONDS);
		this.caller.call("math.fail", null).handle((v, e) -> null).get(30, TimeUnit.SECONDS);
		this.caller.call("math.slow", null, CallOptions.timeout(Duration.ofMillis(50))).handle((v, e) -> null).get(30, TimeUnit.SECONDS);
		this.caller.call("math.fail", null, CallOptions.builder().fallbackValue(0).build()).get(30, TimeUnit.SECONDS);
		this.caller.emit("order.placed", Map.of("id", 1)).get(30, TimeUnit.SECONDS);

		// Caller side: remote requests, tagged by the calling service.
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_TOTAL)
			.tags("service", "math", "action", "math.add", "type", "remote", "caller", "front")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_TOTAL)
			.tags("service", "math", "action", "math.add", "type", "remote", "caller", "")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_TOTAL)
			.tags("service", "front", "action", "front.go", "type", "local")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_TIME).tags("action", "math.add", "type", "remote").timers())
			.allSatisfy((timer) -> assertThat(timer.count()).isPositive());
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_ERROR_TOTAL)
			.tags("action", "math.fail", "errorName", "MoleculerError", "errorCode", "418", "errorType", "TEAPOT")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_TIMEOUT_TOTAL).tags("action", "math.slow").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_FALLBACK_TOTAL).tags("action", "math.fail").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_ACTIVE).tags("action", "math.add").gauges())
			.allSatisfy((gauge) -> assertThat(gauge.value()).isZero());
		assertThat(this.meters.get(MoleculerMetrics.EVENT_EMIT_TOTAL).tags("event", "order.placed").counter().count())
			.isEqualTo(1);
		// Callee side: the handler's view of the same calls and the event.
		assertThat(calleeMeters.get(MoleculerMetrics.REQUEST_TOTAL)
			.tags("service", "math", "action", "math.add", "type", "local", "caller", "front")
			.counter()
			.count()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(calleeMeters
			.get(MoleculerMetrics.EVENT_RECEIVED_TOTAL)
			.tags("service", "math", "group", "math", "event", "order.placed")
			.counter()
			.count()).isEqualTo(1));
		// Broker, registry, transit and transporter gauges.
		assertThat(this.meters.get(MoleculerMetrics.REGISTRY_NODES_TOTAL).gauge().value()).isEqualTo(2);
		assertThat(this.meters.get(MoleculerMetrics.REGISTRY_NODES_ONLINE_TOTAL).gauge().value()).isEqualTo(2);
		assertThat(this.meters.get(MoleculerMetrics.TRANSIT_CONNECTED).gauge().value()).isEqualTo(1);
		assertThat(this.meters.get(MoleculerMetrics.TRANSIT_REQUESTS_ACTIVE).gauge().value()).isZero();
		assertThat(this.meters.get(MoleculerMetrics.TRANSPORTER_PACKETS_SENT_TOTAL).functionCounter().count())
			.isPositive();
		assertThat(this.meters.get(MoleculerMetrics.TRANSPORTER_PACKETS_RECEIVED_BYTES).functionCounter().count())
			.isPositive();
		assertThat(this.meters.get(MoleculerMetrics.BROKER_STARTED).gauge().value()).isEqualTo(1);
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneSatisfy((tag) -> assertThat(tag.getValue()).isIn("caller-node", "callee")));
	}

	@Test
	void retryAttemptsAreCounted() throws Exception {
		java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
		this.caller = broker("solo", this.meters, ServiceDefinition.builder("flaky").action("once", (ctx) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new io.github.moleculerspring.error.MoleculerRetryableError("again");
			}
			return "ok";
		}).build());
		assertThat(this.caller.call("flaky.once", null, CallOptions.builder().retries(2).build()).get(30, TimeUnit.SECONDS)).isEqualTo("ok");
		assertThat(this.meters.get(MoleculerMetrics.REQUEST_RETRY_ATTEMPTS_TOTAL)
			.tags("service", "flaky", "action", "flaky.once")
			.counter()
			.count()).isEqualTo(1);
	}

}
