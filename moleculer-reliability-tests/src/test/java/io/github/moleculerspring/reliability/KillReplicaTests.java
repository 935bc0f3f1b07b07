package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1: one of three replicas is killed with SIGKILL under steady load (16 calls in flight).
 * With retries no call fails; without retries only the calls in flight to the dead node fail, and
 * they fail fast (the caller's pending-request watch probes the node on NATS after 1 s, finds no
 * subscriber and declares it gone), well before the 10 s request timeout.
 * <p>
 * The caller's heartbeat timeout is 60 s here (not the suite's 3 s), so that only the presence probe
 * can explain a detection within seconds: without it the dead node would stay in the registry for
 * 60 s and the calls in flight to it would end with {@code RequestTimeoutError} after 10 s.
 */
class KillReplicaTests {

	private static final int IN_FLIGHT = 16;

	/** Far beyond every bound below: the heartbeat path cannot detect the kill within the test. */
	private static final Duration CALLER_HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The probe fires after a request has been pending 1 s (checked every 0.5 s) and takes a NATS
	 * round trip: about 1.5 s. 5 s leaves room for a loaded machine and stays far below the 60 s
	 * heartbeat timeout, the only other way the caller could learn of the kill.
	 */
	private static final long PROBE_DETECTION_BOUND_MILLIS = 5000;

	@AutoClose
	private final Resources resources = new Resources();

	@Test
	void withRetriesNoCallFails() throws Exception {
		Load load = killOneOfThree(true);
		assertThat(load.failed()).as(load.summary()).isZero();
	}

	@Test
	void withoutRetriesOnlyTheCallsInFlightToTheDeadNodeFailAndFast() throws Exception {
		Load load = killOneOfThree(false);
		assertThat(load.failed()).as(load.summary()).isBetween(1L, (long) IN_FLIGHT);
		assertThat(load.failedByType().keySet()).as(load.summary()).containsOnly("RequestRejectedError");
		assertThat(load.maxFailureLatencyMillis()).as(load.summary()).isLessThan(PROBE_DETECTION_BOUND_MILLIS);
	}

	private Load killOneOfThree(boolean retries) throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		List<BrokerProcess> replicas = BrokerProcess.launchAll(List.of("r1", "r2", "r3"), server.url());
		replicas.forEach(this.resources::track);
		ServiceBroker caller = this.resources.track(
				Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), retries)
					.heartbeatTimeout(CALLER_HEARTBEAT_TIMEOUT)
					.build()));
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("r1", "r2", "r3"));

		Load load = new Load(caller, "echo.slow", () -> Map.of("ms", 20), CallOptions.DEFAULT, IN_FLIGHT);
		BrokerProcess.sleep(2000);
		long okBeforeKill = load.succeeded();
		long killed = System.nanoTime();
		replicas.get(1).kill();
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("r1", "r3"));
		long detectedMillis = (System.nanoTime() - killed) / 1_000_000;
		long okAtDetection = load.succeeded();
		BrokerProcess.sleep(2000);
		int hanging = load.stop(30);
		Figures.print("1-kill-replica retries=" + retries, load.summary() + " inFlight=" + IN_FLIGHT
				+ " okBeforeKill=" + okBeforeKill + " deadNodeRemovedAfterMs=" + detectedMillis
				+ " okAfterDetection=" + (load.succeeded() - okAtDetection) + " hanging=" + hanging + " okByNode="
				+ load.okByNode());
		assertThat(hanging).isZero();
		assertThat(load.succeeded() - okAtDetection).as("calls succeed after the node is gone").isPositive();
		assertThat(detectedMillis).as("dead node removed by the presence probe, not the %s heartbeat timeout",
				CALLER_HEARTBEAT_TIMEOUT).isLessThan(PROBE_DETECTION_BOUND_MILLIS);
		return load;
	}


}
