package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Latency strategy measures each node by PING and sends calls to the fast one. */
class LatencyStrategyTests {

	private final TestCluster cluster = new TestCluster("latency-" + System.nanoTime());

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void latencyPrefersTheFastNode() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.strategy("Latency")
			.strategyOptions(Map.of("pingInterval", 0.2, "lowLatency", 1, "collectCount", 3)));
		ServiceDefinition echo = ServiceDefinition.builder("echo").action("who", (ctx) -> ctx.broker().nodeID()).build();
		this.cluster.broker("fast", echo);
		this.cluster.broker("slow",
				(o) -> o.transporter(new DelayedTransporter(new LocalTransporter(this.cluster.bus()), 60)), echo);
		this.cluster.startAll();
		// The first call creates the strategy, which starts measuring.
		a.call("echo.who", null).get(30, TimeUnit.SECONDS);
		Map<Object, Integer> hits = new ConcurrentHashMap<>();
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			hits.clear();
			for (int i = 0; i < 20; i++) {
				hits.merge(a.call("echo.who", null).get(30, TimeUnit.SECONDS), 1, Integer::sum);
			}
			assertThat(hits).containsOnlyKeys("fast");
		});
	}

}
