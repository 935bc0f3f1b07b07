package io.github.moleculerspring.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preferLocal}: with an action available both on the calling node and on a remote one (over
 * a real nats-server), every call stays local when it is on (the default, as in Moleculer), and
 * calls are balanced over both endpoints by the strategy (RoundRobin) when it is off.
 */
class PreferLocalTests {

	private static final int CALLS = 20;

	private static NatsServer nats;

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
		this.cluster.close();
	}

	@Test
	void withPreferLocalEveryCallRunsOnTheLocalEndpoint() throws Exception {
		List<String> handledBy = callFromANodeWithBothEndpoints(true);

		assertThat(handledBy).hasSize(CALLS).containsOnly("caller");
	}

	@Test
	void withoutPreferLocalCallsAreBalancedOverTheLocalAndTheRemoteEndpoint() throws Exception {
		List<String> handledBy = callFromANodeWithBothEndpoints(false);

		// RoundRobin over the two endpoints: each gets every other call.
		assertThat(handledBy).hasSize(CALLS);
		assertThat(handledBy).filteredOn("caller"::equals).hasSize(CALLS / 2);
		assertThat(handledBy).filteredOn("remote"::equals).hasSize(CALLS / 2);
	}

	private List<String> callFromANodeWithBothEndpoints(boolean preferLocal) throws Exception {
		this.cluster = new TestCluster("prefer-local-" + System.nanoTime(),
				() -> new NatsTransporter(NatsTransporterOptions.of(nats.url())));
		ServiceBroker caller = this.cluster.broker("caller", (options) -> options.preferLocal(preferLocal), where());
		this.cluster.broker("remote", where());
		this.cluster.startAll();
		assertThat(caller.registry().getActionEndpoints("where.am").endpoints()).hasSize(2);

		List<String> handledBy = new ArrayList<>();
		for (int i = 0; i < CALLS; i++) {
			handledBy.add(caller.call("where.am", null, String.class).get(10, TimeUnit.SECONDS));
		}
		return handledBy;
	}

	private static ServiceDefinition where() {
		return ServiceDefinition.builder("where").action("am", (ctx) -> ctx.broker().nodeID()).build();
	}

}
