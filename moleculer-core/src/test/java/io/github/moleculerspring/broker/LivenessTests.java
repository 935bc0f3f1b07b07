package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Liveness beyond Moleculer's heartbeat-only rule: a process that vanished is found by a presence
 * probe within seconds; a node too busy to send heartbeats but still answering stays online; a node
 * that answers nothing is declared offline after the timeout and a grace period.
 */
class LivenessTests {

	private final TestCluster cluster = new TestCluster("liveness-" + System.nanoTime());

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	private static ServiceDefinition hanging(CompletableFuture<Void> entered) {
		return ServiceDefinition.builder("hang").action("forever", (ctx) -> {
			entered.complete(null);
			return new CompletableFuture<>();
		}).action("ping", (ctx) -> "pong").build();
	}

	@Test
	void pendingCallsToAVanishedProcessFailWithinSecondsNotAfterTheHeartbeatTimeout() throws Exception {
		CompletableFuture<Void> entered = new CompletableFuture<>();
		ServiceBroker a = this.cluster.broker("a", (o) -> o.heartbeatInterval(Duration.ofSeconds(10))
			.heartbeatTimeout(Duration.ofSeconds(30)));
		ServiceBroker b = this.cluster.broker("b", (o) -> o.heartbeatInterval(Duration.ofSeconds(10))
			.heartbeatTimeout(Duration.ofSeconds(30)), hanging(entered));
		this.cluster.startAll();
		CompletableFuture<Object> call = a.call("hang.forever", null);
		entered.get(5, TimeUnit.SECONDS);
		long begin = System.nanoTime();
		// The process dies: its subscriptions vanish with its connection, no INFO, no DISCONNECT.
		b.transit().transporter().disconnect().get(30, TimeUnit.SECONDS);
		ExecutionException ex = assertThrows(ExecutionException.class, () -> call.get(15, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(RequestRejectedError.class);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(5000);
		assertThat(a.registry().getNode("b").isAvailable()).isFalse();
	}

	@Test
	void nodeThatSendsNoHeartbeatButAnswersStaysOnline() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.heartbeatInterval(Duration.ofMillis(300))
			.heartbeatTimeout(Duration.ofSeconds(1)));
		// b's heartbeat timer effectively never fires, as when its scheduler is starved.
		this.cluster.broker("b", (o) -> o.heartbeatInterval(Duration.ofMinutes(10)).heartbeatTimeout(Duration.ofMinutes(20)),
				hanging(new CompletableFuture<>()));
		this.cluster.startAll();
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
		while (System.nanoTime() < until) {
			assertThat(a.registry().getNode("b").isAvailable()).isTrue();
			assertThat(a.call("hang.ping", null).get(5, TimeUnit.SECONDS)).isEqualTo("pong");
			Thread.sleep(200);
		}
	}

	@Test
	void idleNodeWithoutHeartbeatsIsKeptAliveByItsPongs() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.heartbeatInterval(Duration.ofMillis(300))
			.heartbeatTimeout(Duration.ofSeconds(1)));
		this.cluster.broker("b", (o) -> o.heartbeatInterval(Duration.ofMinutes(10)).heartbeatTimeout(Duration.ofMinutes(20)));
		this.cluster.startAll();
		Thread.sleep(4000);
		assertThat(a.registry().getNode("b").isAvailable()).isTrue();
	}

	@Test
	void frozenNodeIsDeclaredOfflineAfterTheTimeoutAndGraceAndItsCallsFail() throws Exception {
		CompletableFuture<Void> entered = new CompletableFuture<>();
		ServiceBroker a = this.cluster.broker("a", (o) -> o.heartbeatInterval(Duration.ofMillis(300))
			.heartbeatTimeout(Duration.ofSeconds(1)));
		FrozenTransporter frozen = new FrozenTransporter(new LocalTransporter(this.cluster.bus()));
		this.cluster.broker("b", (o) -> o.transporter(frozen).heartbeatInterval(Duration.ofMillis(300))
			.heartbeatTimeout(Duration.ofSeconds(1)), hanging(entered));
		this.cluster.startAll();
		CompletableFuture<Object> call = a.call("hang.forever", null);
		entered.get(5, TimeUnit.SECONDS);
		frozen.freeze();
		ExecutionException ex = assertThrows(ExecutionException.class, () -> call.get(15, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(RequestRejectedError.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> !a.registry().getNode("b").isAvailable());
	}

}
