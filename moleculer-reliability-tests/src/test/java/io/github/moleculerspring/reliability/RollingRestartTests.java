package io.github.moleculerspring.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: every replica is restarted in turn under load (SIGTERM: the child's shutdown hook stops
 * the broker gracefully; then a new process with the same node ID starts and is discovered before the
 * next one goes). The graceful stop withdraws the services (INFO with none), waits for the in-flight
 * calls, then sends DISCONNECT: no call fails, without retries. With {@code disableBalancer} (calls go
 * to NATS queue groups on {@code REQB.<action>}) the withdrawal also unsubscribes the balanced subjects
 * first, so the queue group stops routing to the stopping node; there, retries are on (see below).
 */
class RollingRestartTests {

	private static final int IN_FLIGHT = 16;

	@AutoClose
	private final Resources resources = new Resources();

	@ParameterizedTest(name = "disableBalancer={0}")
	@ValueSource(booleans = { false, true })
	void aRollingRestartUnderLoadFailsNoCall(boolean disableBalancer) throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		List<String> nodes = List.of("r1", "r2", "r3");
		String setting = "disableBalancer=" + disableBalancer;
		List<BrokerProcess> replicas = new ArrayList<>(BrokerProcess.launchAll(nodes, server.url(), setting));
		replicas.forEach(this.resources::track);
		// With disableBalancer, retries: a request NATS already handed to the stopping node's client when it
		// unsubscribes the queue group is discarded by jnats and ends at its timeout (seen once in ~2,000).
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()),
				disableBalancer)
			.disableBalancer(disableBalancer)
			.build()));
		Brokers.awaitEndpoints(caller, "echo.slow", nodes);

		Load load = new Load(caller, "echo.slow", () -> Map.of("ms", 50), CallOptions.DEFAULT, IN_FLIGHT);
		BrokerProcess.sleep(1000);
		List<String> steps = new ArrayList<>();
		for (int i = 0; i < replicas.size(); i++) {
			BrokerProcess old = replicas.get(i);
			long begin = System.nanoTime();
			int exit = old.terminate();
			long stoppedMillis = (System.nanoTime() - begin) / 1_000_000;
			assertThat(old.output()).as(old.nodeID() + " stopped through its shutdown hook")
				.contains("STOPPED " + old.nodeID());
			BrokerProcess fresh = this.resources.track(BrokerProcess.launch(old.nodeID(), server.url(), setting).awaitReady());
			replicas.set(i, fresh);
			Brokers.awaitEndpoints(caller, "echo.slow", nodes);
			steps.add(old.nodeID() + ": exit=" + exit + " gracefulStopMs=" + stoppedMillis + " backAfterMs="
					+ (System.nanoTime() - begin) / 1_000_000);
			BrokerProcess.sleep(500);
		}
		int hanging = load.stop(30);
		Figures.print("4-rolling-restart disableBalancer=" + disableBalancer + " retries=" + disableBalancer, load.summary() + " hanging=" + hanging + " steps=" + steps
				+ " okByNode=" + load.okByNode());
		assertThat(hanging).isZero();
		assertThat(load.failed()).as(load.summary()).isZero();
		assertThat(load.okByNode()).containsKeys("r1", "r2", "r3");
	}


}
