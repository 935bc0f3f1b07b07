package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
		// The probe takes ~1-1.5 s; 10 s leaves room for a loaded machine and is a third of the 30 s
		// heartbeat timeout, the only other way the call could fail.
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(10_000);
		assertThat(a.registry().getNode("b").isAvailable()).isFalse();
	}

	/** Records the {@code $node.disconnected} and {@code $node.pong} events a broker sees, by node. */
	private static final class Watch {

		final List<String> disconnected = new CopyOnWriteArrayList<>();

		final List<String> pongs = new CopyOnWriteArrayList<>();

		ServiceDefinition service() {
			return ServiceDefinition.builder("watch").event("$node.disconnected", (ctx) -> {
				this.disconnected.add(ServiceBrokerTests.map(ctx.param("node", Map.class)).get("id").toString());
				return null;
			}).event("$node.pong", (ctx) -> {
				this.pongs.add(ctx.param("nodeID", String.class));
				return null;
			}).build();
		}

	}

	@Test
	void nodeThatSendsNoHeartbeatButAnswersStaysOnline() throws Exception {
		Watch watch = new Watch();
		ServiceBroker a = this.cluster.broker("a", (o) -> o.heartbeatInterval(Duration.ofMillis(300))
			.heartbeatTimeout(Duration.ofSeconds(1)), watch.service());
		// b's heartbeat timer effectively never fires, as when its scheduler is starved.
		this.cluster.broker("b", (o) -> o.heartbeatInterval(Duration.ofMinutes(10)).heartbeatTimeout(Duration.ofMinutes(20)),
				hanging(new CompletableFuture<>()));
		this.cluster.startAll();
		// A bounded negative window: b would be declared offline 1 s (timeout) + 0.3 s (grace) after
		// its last heartbeat, checked every 0.3 s by a. 4 s covers that about three times over; the
		// listener sees even a brief offline flap that polling could miss.
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
		while (System.nanoTime() < until) {
			assertThat(a.registry().getNode("b").isAvailable()).isTrue();
			assertThat(a.call("hang.ping", null).get(5, TimeUnit.SECONDS)).isEqualTo("pong");
			Thread.sleep(200);
		}
		assertThat(watch.disconnected).as("nodes declared offline by a").doesNotContain("b");
		assertThat(a.registry().getNode("b").isAvailable()).isTrue();
	}

	@Test
	void idleNodeWithoutHeartbeatsIsKeptAliveByItsPongs() throws Exception {
		Watch watch = new Watch();
		ServiceBroker a = this.cluster.broker("a", (o) -> o.heartbeatInterval(Duration.ofMillis(300))
			.heartbeatTimeout(Duration.ofSeconds(1)), watch.service());
		this.cluster.broker("b", (o) -> o.heartbeatInterval(Duration.ofMinutes(10)).heartbeatTimeout(Duration.ofMinutes(20)));
		this.cluster.startAll();
		// Idle b sends nothing by itself: each PONG a receives answers a's suspicion after a heartbeat
		// timeout. Three of them are three times b would have been declared offline without its PONGs.
		await().atMost(Duration.ofSeconds(30)).until(() -> watch.pongs.stream().filter("b"::equals).count() >= 3);
		assertThat(watch.disconnected).as("nodes declared offline by a").doesNotContain("b");
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
