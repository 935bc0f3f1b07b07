package io.github.moleculerspring.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;

/**
 * The main class of a replica child process (see {@link BrokerProcess}): a broker with the
 * {@code echo} service on a NATS URL list. Prints {@code READY <nodeID>} once started, stops
 * gracefully on SIGTERM (a shutdown hook) and when its stdin closes (the test JVM went away).
 * <p>
 * Arguments: {@code <nodeID> <url[,url...]> [key=value...]} with keys {@code namespace},
 * {@code heartbeat} and {@code heartbeatTimeout} (milliseconds), {@code noRandomize=true} and
 * {@code disableBalancer=true}.
 */
public final class ReplicaMain {

	private ReplicaMain() {
	}

	public static void main(String[] args) throws Exception {
		String nodeID = args[0];
		List<String> urls = Arrays.asList(args[1].split(","));
		Map<String, String> settings = new HashMap<>();
		for (int i = 2; i < args.length; i++) {
			String[] pair = args[i].split("=", 2);
			settings.put(pair[0], pair[1]);
		}
		NatsTransporterOptions.Builder nats = NatsTransporterOptions.builder()
			.servers(urls)
			.reconnectWait(Duration.ofMillis(250));
		if (Boolean.parseBoolean(settings.getOrDefault("noRandomize", "false"))) {
			nats.customizer((options) -> options.noRandomize());
		}
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.namespace(settings.getOrDefault("namespace", ""))
			.transporter(new NatsTransporter(nats.build()))
			.heartbeatInterval(Duration.ofMillis(Long.parseLong(settings.getOrDefault("heartbeat", "1000"))))
			.heartbeatTimeout(Duration.ofMillis(Long.parseLong(settings.getOrDefault("heartbeatTimeout", "3000"))))
			.disableBalancer(Boolean.parseBoolean(settings.getOrDefault("disableBalancer", "false")))
			.build());
		broker.createService(echoService());
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			broker.close();
			System.out.println("STOPPED " + nodeID);
			System.out.flush();
		}, "replica-shutdown"));
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
		System.exit(0);
	}

	/**
	 * The service every replica runs: {@code echo.echo} returns its params, {@code echo.slow}
	 * sleeps {@code ms} milliseconds and returns the node ID, {@code echo.whoami} returns the node ID,
	 * {@code echo.process} returns {@code <nodeID>@<pid>} (which process answered, when two share a
	 * node ID).
	 */
	static ServiceDefinition echoService() {
		return ServiceDefinition.builder("echo")
			.action("echo", (ctx) -> ctx.params())
			.action("whoami", (ctx) -> ctx.broker().nodeID())
			.action("process", (ctx) -> ctx.broker().nodeID() + "@" + ProcessHandle.current().pid())
			.action("slow", (ctx) -> {
				Integer ms = ctx.param("ms", Integer.class);
				String node = ctx.broker().nodeID();
				if (ms == null || ms <= 0) {
					return node;
				}
				return CompletableFuture.supplyAsync(() -> node,
						CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
			})
			.action("fail", (ctx) -> {
				throw new MoleculerError("failing on purpose", 500, "FAIL_ON_PURPOSE", null);
			})
			.build();
	}

}
