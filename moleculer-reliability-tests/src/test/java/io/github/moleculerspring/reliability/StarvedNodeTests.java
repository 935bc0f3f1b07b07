package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5: a replica is frozen with SIGSTOP (a starved CPU, a long GC pause) for 5 s, longer than
 * the 3 s heartbeat timeout, then resumed with SIGCONT. The caller declares it offline after the
 * heartbeat timeout (its NATS connection is still open, so the presence probe cannot tell), and the
 * calls in flight to it fail with a typed, retryable {@code RequestRejectedError} at that moment; none
 * is lost or left until its request timeout. After SIGCONT the node is discovered again and takes calls.
 */
class StarvedNodeTests {

	private static final int IN_FLIGHT = 16;

	@AutoClose
	private final Resources resources = new Resources();

	@Test
	void aFrozenNodeIsDeclaredOfflineItsCallsFailTypedAndItComesBack() throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		List<BrokerProcess> replicas = BrokerProcess.launchAll(List.of("r1", "r2"), server.url());
		replicas.forEach(this.resources::track);
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), false)
			.build()));
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("r1", "r2"));

		Load load = new Load(caller, "echo.slow", () -> Map.of("ms", 20), CallOptions.DEFAULT, IN_FLIGHT);
		BrokerProcess.sleep(1500);
		BrokerProcess frozen = replicas.get(0);
		long stopped = System.nanoTime();
		frozen.suspend();
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("r2"));
		long offlineMillis = (System.nanoTime() - stopped) / 1_000_000;
		long failedAtOffline = load.failed();
		BrokerProcess.sleep(Math.max(0, 5000 - offlineMillis));
		long resumed = System.nanoTime();
		frozen.resume();
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("r1", "r2"));
		long backMillis = (System.nanoTime() - resumed) / 1_000_000;
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "r1".equals(caller
			.call("echo.slow", Map.of("ms", 1), CallOptions.builder().nodeID("r1").timeout(Duration.ofSeconds(2)).build())
			.get(5, TimeUnit.SECONDS)));
		long okAtBack = load.succeeded();
		long r1AtBack = load.okByNode().getOrDefault("r1", 0L);
		BrokerProcess.sleep(1500);
		int hanging = load.stop(30);
		Node node = caller.registry().getNode("r1");
		Figures.print("5-starved-node", load.summary() + " frozenMs=" + (resumed - stopped) / 1_000_000
				+ " declaredOfflineAfterMs=" + offlineMillis + " failedAtOffline=" + failedAtOffline
				+ " backAfterSigcontMs=" + backMillis + " okAfterBack=" + (load.succeeded() - okAtBack)
				+ " r1OkAfterBack=" + (load.okByNode().getOrDefault("r1", 0L) - r1AtBack) + " hanging=" + hanging);
		assertThat(hanging).isZero();
		assertThat(offlineMillis).as("declared offline by the heartbeat timeout").isBetween(2000L, 8000L);
		// Only the calls in flight to the frozen node fail, typed, when it is declared offline.
		assertThat(load.failedByType().keySet()).as(load.summary()).containsOnly("RequestRejectedError");
		assertThat(load.failed()).isBetween(1L, (long) IN_FLIGHT);
		assertThat(load.maxFailureLatencyMillis()).isLessThan(Brokers.REQUEST_TIMEOUT.toMillis());
		assertThat(node).isNotNull();
		assertThat(node.isAvailable()).isTrue();
		assertThat(load.okByNode().getOrDefault("r1", 0L) - r1AtBack).as("the node takes calls again").isPositive();
	}


}
