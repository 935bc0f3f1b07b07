package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 9: mixed calls for {@code reliability.soakSeconds} (20 s by default, 300 s with
 * {@code -Psoak}): successes, handler errors, timeouts, and disconnects (the NATS server is restarted
 * every 8 s, or every 30 s in the soak). The caller's pending-request map never holds more than the
 * calls in flight, is empty at the end, and heap after GC does not grow: neither at the end nor
 * at any of the samples taken under load (before each NATS restart), so a leak that the end of the
 * load would release is caught too.
 */
class PendingBookkeepingTests {

	@AutoClose
	private final Resources resources = new Resources();

	@Test
	void pendingRequestsDoNotLeakUnderMixedOutcomes() throws Exception {
		long seconds = Long.getLong("reliability.soakSeconds", 20);
		long restartEvery = (seconds > 60) ? 30 : 8;
		NatsServer server = this.resources.track(NatsServer.launch());
		ServiceBroker worker = new ServiceBroker(Brokers.options("worker", Brokers.nats(server.url()), false).build());
		worker.createService(ReplicaMain.echoService());
		this.resources.track(worker);
		worker.start().get(60, TimeUnit.SECONDS);
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), false)
			.build()));
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("worker"));
		long heapBefore = Figures.heapAfterGcMib();

		int inFlight = 8 + 2 + 4;
		Load ok = new Load(caller, "echo.slow", () -> Map.of("ms", 5), CallOptions.DEFAULT, 8);
		Load errors = new Load(caller, "echo.fail", () -> null, CallOptions.DEFAULT, 2);
		Load timeouts = new Load(caller, "echo.slow", () -> Map.of("ms", 300),
				CallOptions.timeout(Duration.ofMillis(100)), 4);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		long nextRestart = System.nanoTime() + TimeUnit.SECONDS.toNanos(restartEvery);
		int maxPending = 0;
		int restarts = 0;
		List<Long> heapSamples = new ArrayList<>();
		while (System.nanoTime() < end) {
			for (int i = 0; i < 100; i++) {
				maxPending = Math.max(maxPending, caller.transit().pendingCount());
				BrokerProcess.sleep(10);
			}
			if (System.nanoTime() > nextRestart) {
				// Under load, after restartEvery seconds of it: what the calls so far left behind.
				heapSamples.add(Figures.heapAfterGcMib());
				server.stop();
				BrokerProcess.sleep(300);
				server.start();
				restarts++;
				nextRestart = System.nanoTime() + TimeUnit.SECONDS.toNanos(restartEvery);
			}
		}
		int hanging = ok.stop(30) + errors.stop(30) + timeouts.stop(30);
		await().atMost(Duration.ofSeconds(15)).until(() -> caller.isConnected() && worker.isConnected());
		await().atMost(Duration.ofSeconds(15)).until(() -> caller.transit().pendingCount() == 0
				&& worker.transit().queuedRequests() == 0 && worker.inflightRequests() == 0);
		long heapAfter = Figures.heapAfterGcMib();
		Figures.print("9-pending-soak", "seconds=" + seconds + " natsRestarts=" + restarts + " ok: " + ok.summary()
				+ " | errors: " + errors.summary() + " | timeouts: " + timeouts.summary() + " | maxPending=" + maxPending
				+ " inFlight=" + inFlight + " pendingAtEnd=" + caller.transit().pendingCount() + " hanging=" + hanging
				+ " heapAfterGcMiB before=" + heapBefore + " underLoad=" + heapSamples + " after=" + heapAfter);

		assertThat(hanging).isZero();
		assertThat(maxPending).isLessThanOrEqualTo(inFlight);
		assertThat(caller.transit().pendingCount()).isZero();
		assertThat(ok.succeeded()).isPositive();
		assertThat(errors.failedByType()).containsKey("MoleculerError");
		assertThat(timeouts.failedByType()).containsKey("RequestTimeoutError");
		assertThat(restarts).isPositive();
		assertThat(ok.failedByType()).containsKey("BrokerDisconnectedError");
		// 32 MiB is generous against GC noise (samples vary by 1-2 MiB) and still catches a leak of about
		// 2 KB per call in the default run (~15,000 calls), under 100 bytes per call in the soak (~380,000).
		assertThat(heapAfter - heapBefore).as("heap growth (MiB)").isLessThan(32);
		assertThat(heapSamples).as("heap after GC under load (MiB), one sample per NATS restart").hasSize(restarts)
			.allSatisfy((sample) -> assertThat(sample - heapBefore).as("heap growth under load (MiB)").isLessThan(32));
		assertThat(caller.call("echo.slow", Map.of("ms", 1)).get(10, TimeUnit.SECONDS)).isEqualTo("worker");
	}


}
