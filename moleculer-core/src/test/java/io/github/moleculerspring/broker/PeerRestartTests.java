package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A request pending on a node that restarts (the process dies without DISCONNECT, and a new one
 * with the same node ID but a new instance ID announces itself) fails at once with
 * {@link RequestRejectedError} when the new instance's INFO arrives, long before its timeout and
 * before the heartbeat timeout: the old instance that had the request is gone, and nothing else
 * would ever answer it. Over a real nats-server.
 */
class PeerRestartTests {

	private static NatsServer nats;

	private final List<FrozenTransporter> transporters = new ArrayList<>();

	private final CompletableFuture<Object> release = new CompletableFuture<>();

	private TestCluster cluster;

	@BeforeAll
	static void startServer() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopServer() {
		nats.close();
	}

	@AfterEach
	void stop() {
		this.release.complete("released");
		this.cluster.close();
	}

	@Test
	void aRequestPendingOnANodeThatRestartsWithANewInstanceIDFailsAtOnce() throws Exception {
		this.cluster = new TestCluster("restart-" + System.nanoTime(), () -> {
			FrozenTransporter transporter = new FrozenTransporter(
					new NatsTransporter(NatsTransporterOptions.of(nats.url())));
			this.transporters.add(transporter);
			return transporter;
		});
		// Neither the heartbeat timeout nor the call timeout can end the request within the test.
		ServiceBroker caller = this.cluster.broker("caller", (options) -> options.heartbeatTimeout(Duration.ofMinutes(2)));
		CountDownLatch entered = new CountDownLatch(1);
		ServiceBroker oldInstance = this.cluster.broker("worker", ServiceDefinition.builder("work")
			.action("run", (ctx) -> {
				entered.countDown();
				return this.release;
			})
			.build());
		this.cluster.startAll();
		FrozenTransporter oldTransporter = this.transporters.get(1);

		CompletableFuture<Object> pending = caller.call("work.run", null,
				CallOptions.builder().timeout(Duration.ofMinutes(2)).retries(0).build());
		assertThat(entered.await(10, TimeUnit.SECONDS)).as("the old instance runs the request").isTrue();
		// Wait for a sign of life of the old instance after it took the request, so that the request
		// counts as received (not lost in transit) by the caller's reconnection rules.
		long tookIt = System.currentTimeMillis();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> caller.registry().getNode("worker").lastHeartbeatMillis() > tookIt);
		String oldInstanceID = oldInstance.instanceID();

		// The process dies: no DISCONNECT, nothing more from it.
		oldTransporter.freeze();
		assertThat(pending).isNotDone();
		ServiceBroker newInstance = this.cluster.broker("worker",
				ServiceDefinition.builder("work").action("run", (ctx) -> "new instance").build());
		newInstance.start().get(30, TimeUnit.SECONDS);

		assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(RequestRejectedError.class)
			.hasMessageContaining("'work.run' action on 'worker' node");
		assertThat(newInstance.instanceID()).isNotEqualTo(oldInstanceID);
		// The rejection comes first, then the new INFO is applied to the registry (on the same packet):
		// wait for it rather than read the registry in between.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> newInstance.instanceID().equals(caller.registry().getNode("worker").instanceID()));
		assertThat(caller.registry().getNode("worker").instanceID()).isEqualTo(newInstance.instanceID());
		assertThat(caller.registry().getNode("worker").isAvailable()).isTrue();
		assertThat(caller.transit().pendingCount()).isZero();
		assertThat(caller.call("work.run", null).get(10, TimeUnit.SECONDS)).isEqualTo("new instance");
	}

}
