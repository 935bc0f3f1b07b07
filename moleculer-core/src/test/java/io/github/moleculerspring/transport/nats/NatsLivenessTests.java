package io.github.moleculerspring.transport.nats;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Pending requests end on a real nats-server: when the target process vanishes, and when NATS goes away. */
class NatsLivenessTests {

	private final NatsServer nats = NatsServer.launch();

	private ServiceBroker a;

	private ServiceBroker b;

	@AfterEach
	void stop() {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		this.nats.close();
	}

	private ServiceBroker start(String nodeID, CompletableFuture<Void> entered) throws Exception {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.transporter(new NatsTransporter(NatsTransporterOptions.builder().url(this.nats.url())
				.reconnectWait(Duration.ofMillis(200))
				.build()))
			.heartbeatInterval(Duration.ofSeconds(10))
			.heartbeatTimeout(Duration.ofSeconds(30))
			.discoveryWait(Duration.ofMillis(100))
			.build());
		broker.createService(ServiceDefinition.builder("svc-" + nodeID).action("hang", (ctx) -> {
			entered.complete(null);
			return new CompletableFuture<>();
		}).action("ping", (ctx) -> "pong").build());
		broker.start().get(30, TimeUnit.SECONDS);
		return broker;
	}

	@Test
	void pendingCallsToAProcessThatVanishedFailWithinSeconds() throws Exception {
		CompletableFuture<Void> entered = new CompletableFuture<>();
		this.a = start("a", new CompletableFuture<>());
		this.b = start("b", entered);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.a.registry().getActionEndpoints("svc-b.hang") != null);
		CompletableFuture<Object> call = this.a.call("svc-b.hang", null);
		entered.get(10, TimeUnit.SECONDS);
		long begin = System.nanoTime();
		// The process dies: its NATS connection closes, no INFO, no DISCONNECT.
		this.b.transit().transporter().disconnect().get(10, TimeUnit.SECONDS);
		ExecutionException ex = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(RequestRejectedError.class);
		// The presence probe takes ~1-1.5 s; 15 s leaves room for a loaded machine and is half the
		// 30 s heartbeat timeout, the only other way the call could fail.
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(15_000);
	}

	@Test
	void pendingCallsFailAtOnceWhenNatsGoesAwayAndCallsWorkAgainAfterItComesBack() throws Exception {
		CompletableFuture<Void> entered = new CompletableFuture<>();
		this.a = start("a", new CompletableFuture<>());
		this.b = start("b", entered);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.a.registry().getActionEndpoints("svc-b.hang") != null);
		CompletableFuture<Object> call = this.a.call("svc-b.hang", null);
		entered.get(10, TimeUnit.SECONDS);
		long begin = System.nanoTime();
		this.nats.stop();
		ExecutionException ex = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(BrokerDisconnectedError.class);
		assertThat(((BrokerDisconnectedError) ex.getCause()).isRetryable()).isTrue();
		// The caller's own disconnect fails it (typed BrokerDisconnectedError, asserted above); the bound
		// only catches a hang and is loose because it measures the machine as much as the product.
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(15_000);
		this.nats.start();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> "pong".equals(this.a.call("svc-b.ping", null).get(5, TimeUnit.SECONDS)));
		assertThat(this.a.registry().getNode("b").isAvailable()).isTrue();
	}

}
