package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.broker.CallOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 7: a second process starts with the node ID of a running node. Both log a clear
 * "NodeID conflict" warning (and count it); the running node is not stopped and keeps answering.
 */
class DuplicateNodeIdTests {

	private static final int IN_FLIGHT = 8;

	@AutoClose
	private final Resources resources = new Resources();

	@Test
	void aDuplicateNodeIdIsReportedAndTheRunningNodeKeepsAnswering() throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		AtomicLong answeredByRunning = new AtomicLong();
		ServiceBroker running = new ServiceBroker(Brokers.options("dup", Brokers.nats(server.url()), false).build());
		running.createService(ServiceDefinition.builder("echo").action("slow", (ctx) -> {
			answeredByRunning.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "dup", CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
		}).build());
		this.resources.track(running);
		running.start().get(60, TimeUnit.SECONDS);
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), true)
			.build()));
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("dup"));
		Load load = new Load(caller, "echo.slow", () -> Map.of("ms", 10), CallOptions.DEFAULT, IN_FLIGHT);
		BrokerProcess.sleep(1000);

		BrokerProcess duplicate = this.resources.track(BrokerProcess.launch("dup", server.url()).awaitReady());
		await().atMost(Duration.ofSeconds(15)).until(() -> running.transit().nodeIdConflicts() > 0);
		await().atMost(Duration.ofSeconds(15)).until(() -> duplicate.output().stream()
			.anyMatch((line) -> line.contains("NodeID conflict")));
		long answeredAtDuplicate = answeredByRunning.get();
		BrokerProcess.sleep(3000);
		int hanging = load.stop(30);
		long answeredAfter = answeredByRunning.get() - answeredAtDuplicate;
		Object direct = caller.call("echo.slow", Map.of("ms", 1)).get(10, TimeUnit.SECONDS);
		Figures.print("7-duplicate-node-id", load.summary() + " hanging=" + hanging + " conflictsSeenByRunning="
				+ running.transit().nodeIdConflicts() + " answeredByRunningAfterDuplicate=" + answeredAfter
				+ " duplicateAlive=" + duplicate.isAlive() + " runningStarted=" + running.isStarted()
				+ " runningConnected=" + running.isConnected());
		assertThat(running.isStarted()).isTrue();
		assertThat(running.isConnected()).isTrue();
		assertThat(answeredAfter).as("the running node keeps answering").isPositive();
		assertThat(direct).isEqualTo("dup");
		assertThat(hanging).isZero();
		assertThat(load.failed()).as(load.summary()).isZero();
	}


}
