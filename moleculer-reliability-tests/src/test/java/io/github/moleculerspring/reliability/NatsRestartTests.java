package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2: the NATS server is restarted (on the same port) under load, after a graceful stop
 * (SIGTERM) or a crash (SIGKILL). Every call completes with a result or a typed error within its
 * timeout (none is left pending); the caller's connected state goes false then true; the replicas
 * reconnect and announce themselves again (INFO); the cluster heals.
 */
class NatsRestartTests {

	private static final int IN_FLIGHT = 16;

	@AutoClose
	private final Resources resources = new Resources();

	/** How the server goes away before it is started again. */
	enum Outage {

		/** {@code nats-server} stopped with SIGTERM: it closes its client connections itself. */
		STOP("2-nats-restart") {
			@Override
			void apply(NatsServer server) {
				server.stop();
			}
		},

		/** {@code nats-server} killed with SIGKILL: a crash; the kernel closes the connections. */
		KILL("2-nats-kill") {
			@Override
			void apply(NatsServer server) {
				assertThat(server.kill()).as("exit value of nats-server after SIGKILL").isEqualTo(128 + 9);
			}
		};

		private final String figures;

		Outage(String figures) {
			this.figures = figures;
		}

		abstract void apply(NatsServer server);

	}

	@ParameterizedTest
	@EnumSource(Outage.class)
	void theClusterHealsAfterTheServerRestartsAndNoCallHangs(Outage outage) throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		List<BrokerProcess> replicas = BrokerProcess.launchAll(List.of("r1", "r2"), server.url());
		replicas.forEach(this.resources::track);
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), false)
			.build()));
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("r1", "r2"));
		List<Boolean> connectedStates = new CopyOnWriteArrayList<>();
		Thread watcher = new Thread(() -> {
			Boolean last = null;
			while (!Thread.currentThread().isInterrupted()) {
				boolean now = caller.isConnected();
				if (last == null || now != last) {
					connectedStates.add(now);
					last = now;
				}
				try {
					Thread.sleep(2);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		watcher.setDaemon(true);
		watcher.start();

		Load load = new Load(caller, "echo.slow", () -> Map.of("ms", 20), CallOptions.DEFAULT, IN_FLIGHT);
		BrokerProcess.sleep(1500);
		long okBefore = load.succeeded();
		long stopped = System.nanoTime();
		outage.apply(server);
		BrokerProcess.sleep(1000);
		server.start();
		long restarted = System.nanoTime();
		// Healed: connected, both replicas known and each answering a call pinned to it.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
			for (String node : List.of("r1", "r2")) {
				caller.call("echo.slow", Map.of("ms", 1),
						CallOptions.builder().nodeID(node).timeout(Duration.ofSeconds(1)).build())
					.get(10, TimeUnit.SECONDS);
			}
			return caller.isConnected();
		});
		long healed = System.nanoTime();
		long okAtHeal = load.succeeded();
		// The load's own calls flow again: at once, or, when its calls in flight were lost in the reconnect
		// gap (see below), once those have ended at their timeout and freed their slots.
		await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded() > okAtHeal + IN_FLIGHT);
		long flowing = System.nanoTime();
		int hanging = load.stop(30);
		watcher.interrupt();
		long healMillis = (healed - restarted) / 1_000_000;
		Figures.print(outage.figures, load.summary() + " okBefore=" + okBefore + " outageMs="
				+ (restarted - stopped) / 1_000_000 + " healedAfterRestartMs=" + healMillis + " loadFlowingAfterHealMs="
				+ (flowing - healed) / 1_000_000 + " okAfterHeal=" + (load.succeeded() - okAtHeal) + " hanging="
				+ hanging + " connectedStates=" + connectedStates);

		assertThat(hanging).as("calls left hanging").isZero();
		// Every failed call ended by its timeout at the latest (the margin is for a loaded machine's timers).
		assertThat(load.maxFailureLatencyMillis()).as("slowest failure (ms)")
			.isLessThanOrEqualTo(Brokers.REQUEST_TIMEOUT.plusSeconds(2).toMillis());
		assertThat(load.failedByType().keySet()).isSubsetOf("BrokerDisconnectedError", "RequestRejectedError",
				"ServiceNotAvailableError", "RequestTimeoutError");
		// Known gap: requests published to a replica while the caller is back but the replica is not yet
		// are lost by NATS (no persistence) and end at their timeout. At most the calls in flight.
		assertThat(load.failedByType().getOrDefault("RequestTimeoutError", 0L)).isLessThanOrEqualTo(IN_FLIGHT);
		assertThat(connectedStates).containsSubsequence(true, false, true);
		assertThat(caller.isConnected()).isTrue();
		assertThat(healMillis).as("heal time").isLessThan(15_000);
		assertThat(load.succeeded() - okAtHeal).as("calls after healing").isPositive();
		for (BrokerProcess replica : replicas) {
			assertThat(replica.output()).as(replica.nodeID())
				.anyMatch((line) -> line.contains("Transporter reconnected; announcing this node again"));
		}
	}


}
