package io.github.moleculerspring.interop;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.ChildJvm;
import io.github.moleculerspring.transport.nats.NatsTransporter;

/**
 * The main class of a Java node in its own JVM ({@link ChildJvm}), for the interop tests that kill
 * it with a real signal. It runs the {@code proc-victim} service: {@code hi} answers at once,
 * {@code hang} never answers and prints {@code HANG <n>} when its n-th call arrives, so the test
 * knows the calls are in flight here. Prints {@code READY <nodeID>} once started; exits when its
 * stdin closes (the test JVM went away).
 * <p>
 * Arguments: {@code <nodeID> <natsUrl> <namespace> <protocolVersion>}, with the heartbeat timing
 * of {@link InteropTests#javaOptions} (1 s interval, 4 s timeout).
 */
public final class JavaNodeMain {

	private JavaNodeMain() {
	}

	public static void main(String[] args) throws Exception {
		String nodeID = args[0];
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.transporter(new NatsTransporter(args[1]))
			.namespace(args[2])
			.protocolVersion(ProtocolVersion.of(args[3]))
			.heartbeatInterval(Duration.ofSeconds(1))
			.heartbeatTimeout(Duration.ofSeconds(4))
			.discoveryWait(Duration.ofMillis(500))
			.build());
		AtomicInteger hanging = new AtomicInteger();
		broker.createService(ServiceDefinition.builder("proc-victim")
			.action("hi", (ctx) -> "hi from " + nodeID)
			.action("hang", (ctx) -> {
				System.out.println("HANG " + hanging.incrementAndGet());
				System.out.flush();
				return new CompletableFuture<>();
			})
			.build());
		broker.start().get(60, TimeUnit.SECONDS);
		System.out.println("READY " + nodeID);
		System.out.flush();
		InputStream in = System.in;
		try {
			while (in.read() != -1) {
				// Wait for the parent to close stdin.
			}
		}
		catch (IOException ex) {
			// The parent is gone.
		}
		broker.close();
		System.exit(0);
	}

}
