package io.github.moleculerspring.broker;

import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.junit.jupiter.api.AfterAll;

/** The fault-tolerance cases with every broker on a real nats-server. */
class NatsFaultToleranceTests extends FaultToleranceTests {

	private static NatsServer nats;

	@Override
	TestCluster createCluster() {
		synchronized (NatsFaultToleranceTests.class) {
			if (nats == null) {
				nats = NatsServer.launch();
			}
		}
		String namespace = "ft" + System.nanoTime();
		return new TestCluster(namespace,
				() -> new NatsTransporter(NatsTransporterOptions.builder().url(nats.url()).build()));
	}

	@AfterAll
	static void stopServer() {
		if (nats != null) {
			nats.close();
			nats = null;
		}
	}

}
