package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code disableBalancer}: NATS-style queue groups on REQB/EVENTB subjects pick the node. */
class DisableBalancerTests {

	private final TestCluster cluster = new TestCluster("nobalancer-" + System.nanoTime());

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	private ServiceBroker broker(String nodeID, ServiceDefinition... services) {
		return this.cluster.broker(nodeID, (options) -> options.disableBalancer(true).namespace("dev")
			.requestTimeout(Duration.ofSeconds(5)), services);
	}

	private ServiceDefinition service(String name, String event, String group) {
		return ServiceDefinition.builder(name)
			.action("who", (ctx) -> ctx.broker().nodeID())
			.event(EventDefinition.builder(event)
				.group(group)
				.handler((ctx) -> this.counts.computeIfAbsent(ctx.broker().nodeID() + "/" + name + "/" + ctx.eventType(),
						(k) -> new AtomicInteger()).incrementAndGet())
				.build())
			.build();
	}

	private int total(String suffix) {
		return this.counts.entrySet().stream().filter((e) -> e.getKey().endsWith(suffix))
			.mapToInt((e) -> e.getValue().get()).sum();
	}

	@Test
	void subscribesBalancedSubjectsWithQueueGroupsAsMoleculerDoes() throws Exception {
		ServiceBroker b = broker("b", service("users", "user.created", null), service("audit", "user.**", "audit"));
		this.cluster.startAll();
		assertThat(b.transit().balancedSubjects()).contains("MOL-dev.REQB.users.who", "MOL-dev.REQB.audit.who",
				"MOL-dev.REQB.$node.list", "MOL-dev.EVENTB.users.user.created", "MOL-dev.EVENTB.audit.user.>");
		b.stop().get(30, TimeUnit.SECONDS);
		assertThat(b.transit().balancedSubjects()).isEmpty();
	}

	@Test
	void callsAreSpreadByQueueGroupsIncludingTheLocalNode() throws Exception {
		ServiceBroker a = broker("a", service("echo", "x", null));
		broker("b", service("echo", "x", null));
		broker("c", service("echo", "x", null));
		this.cluster.startAll();
		Map<Object, Integer> hits = new ConcurrentHashMap<>();
		for (int i = 0; i < 120; i++) {
			hits.merge(a.call("echo.who", null).get(30, TimeUnit.SECONDS), 1, Integer::sum);
		}
		assertThat(hits.keySet()).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(a.call("echo.who", null, CallOptions.nodeID("c")).get(30, TimeUnit.SECONDS)).isEqualTo("c");
	}

	@Test
	void emitReachesEachGroupOnceAndBroadcastReachesEveryNode() throws Exception {
		ServiceBroker a = broker("a");
		broker("b", service("mailer", "order.placed", null), service("stats", "order.*", "stats"));
		broker("c", service("mailer", "order.placed", null));
		this.cluster.startAll();
		int n = 40;
		for (int i = 0; i < n; i++) {
			a.emit("order.placed", Map.of("i", i)).get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> total("/emit") == 2 * n);
		assertThat(total("mailer/emit")).isEqualTo(n);
		assertThat(total("stats/emit")).isEqualTo(n);
		a.broadcast("order.placed", null).get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> total("/broadcast") == 3);
		assertThat(this.counts).containsKeys("b/mailer/broadcast", "c/mailer/broadcast", "b/stats/broadcast");
	}

}
