package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
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
		// Both processes answer echo.process with "<nodeID>@<pid>", so every answer names its process.
		String runningProcess = "dup@" + ProcessHandle.current().pid();
		ServiceBroker running = new ServiceBroker(Brokers.options("dup", Brokers.nats(server.url()), false).build());
		running.createService(ServiceDefinition.builder("echo").action("process", (ctx) -> {
			answeredByRunning.incrementAndGet();
			return runningProcess;
		}).build());
		this.resources.track(running);
		running.start().get(60, TimeUnit.SECONDS);
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), true)
			.build()));
		Brokers.awaitEndpoints(caller, "echo.process", List.of("dup"));
		Load load = new Load(caller, "echo.process", () -> null, CallOptions.DEFAULT, IN_FLIGHT);
		await().atMost(Duration.ofSeconds(15)).until(() -> load.okByNode().getOrDefault(runningProcess, 0L) > 0);

		BrokerProcess duplicate = this.resources.track(BrokerProcess.launch("dup", server.url()).awaitReady());
		String duplicateProcess = "dup@" + duplicate.pid();
		await().atMost(Duration.ofSeconds(15)).until(() -> running.transit().nodeIdConflicts() > 0);
		await().atMost(Duration.ofSeconds(15)).until(() -> duplicate.output().stream()
			.anyMatch((line) -> line.contains("NodeID conflict")));
		long answeredAtDuplicate = answeredByRunning.get();
		long receivedFromRunningAtDuplicate = load.okByNode().getOrDefault(runningProcess, 0L);
		// Both receive every request to REQ.dup and the quicker answer wins: wait until the caller got
		// 100 more answers from the running process after the duplicate came (the duplicate's answers
		// alone would not show the running node answering).
		await().atMost(Duration.ofSeconds(15))
			.until(() -> load.okByNode().getOrDefault(runningProcess, 0L) >= receivedFromRunningAtDuplicate + 100);
		int hanging = load.stop(30);
		long answeredAfter = answeredByRunning.get() - answeredAtDuplicate;
		long receivedFromRunningAfter = load.okByNode().getOrDefault(runningProcess, 0L) - receivedFromRunningAtDuplicate;
		Object direct = caller.call("echo.process", null).get(10, TimeUnit.SECONDS);
		Figures.print("7-duplicate-node-id", load.summary() + " hanging=" + hanging + " conflictsSeenByRunning="
				+ running.transit().nodeIdConflicts() + " answeredByRunningAfterDuplicate=" + answeredAfter
				+ " receivedFromRunningAfterDuplicate=" + receivedFromRunningAfter + " okByProcess=" + load.okByNode()
				+ " duplicateAlive=" + duplicate.isAlive() + " runningStarted=" + running.isStarted()
				+ " runningConnected=" + running.isConnected());
		assertThat(running.isStarted()).isTrue();
		assertThat(running.isConnected()).isTrue();
		assertThat(answeredAfter).as("the running node keeps answering").isPositive();
		assertThat(receivedFromRunningAfter).as("answers of the running process received after the duplicate came")
			.isGreaterThanOrEqualTo(100);
		assertThat(load.okByNode().keySet()).as("answers by process").isSubsetOf(runningProcess, duplicateProcess);
		assertThat(direct).isIn(runningProcess, duplicateProcess);
		// Neither process is made to exit by the conflict (Moleculer.js would exit).
		assertThat(duplicate.isAlive()).as("the duplicate keeps running").isTrue();
		assertThat(hanging).isZero();
		assertThat(load.failed()).as(load.summary()).isZero();
	}


}
