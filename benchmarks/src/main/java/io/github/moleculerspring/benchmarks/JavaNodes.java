package io.github.moleculerspring.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.benchmarks.loop.ClosedLoop;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.PollerSettings;
import io.github.moleculerspring.transport.nats.NatsTransporter;

/**
 * The Java processes of the cluster benchmark: {@code responder} (the {@code bench.echo} action and
 * a {@code bench.event} listener), {@code caller} (a closed loop of calls, {@code timeout=ms} per call
 * when set), {@code emitter}
 * (balanced events with backpressure), {@code local} (in-JVM calls without a transporter).
 */
public final class JavaNodes {

	private JavaNodes() {
	}

	public static void main(String[] argv) throws Exception {
		Args args = new Args(argv);
		switch (args.get("mode", "")) {
			case "responder" -> responder(args);
			case "caller" -> caller(args);
			case "emitter" -> emitter(args);
			case "local" -> local(args);
			default -> throw new IllegalArgumentException("mode=responder|caller|emitter|local");
		}
	}

	static ServiceBroker broker(Args args, String nodeID) {
		String nats = args.get("nats", "");
		BrokerOptions.Builder options = BrokerOptions.builder();
		if (args.integer("workers", 0) > 0) {
			options.workerThreads(args.integer("workers", 0));
		}
		if ("off".equals(args.get("pollers", "on"))) {
			options.pollers(PollerSettings.disabled());
		}
		return new ServiceBroker(options
			.nodeID(nodeID)
			.namespace(args.get("namespace", "bench"))
			.transporter(nats.isEmpty() ? null : new NatsTransporter(nats))
			.protocolVersion(ProtocolVersion.V5)
			.heartbeatInterval(Duration.ofSeconds(10))
			.heartbeatTimeout(Duration.ofSeconds(30))
			.build());
	}

	static ServiceDefinition benchService(AtomicLong events) {
		return ServiceDefinition.builder("bench")
			// Both handlers are pure CPU work: declared non-blocking, the poller that reads them runs them.
			.action(ActionDefinition.builder("echo").nonBlocking(true).handler((ctx) -> ctx.params()).build())
			.action("received", (ctx) -> events.get())
			.event(EventDefinition.builder("bench.event").nonBlocking(true).handler((ctx) -> {
				events.incrementAndGet();
				return null;
			}).build())
			.build();
	}

	private static void responder(Args args) throws Exception {
		ServiceBroker broker = broker(args, args.get("node", "java-responder"));
		broker.createService(benchService(new AtomicLong()));
		broker.start().get(60, TimeUnit.SECONDS);
		System.out.println("READY");
		System.out.flush();
		CountDownLatch stop = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			broker.close();
			stop.countDown();
		}));
		// Ends when the runner closes stdin or kills the process.
		while (System.in.read() >= 0) {
			// keep running
		}
		broker.close();
	}

	private static void caller(Args args) throws Exception {
		ServiceBroker broker = broker(args, args.get("node", "java-caller"));
		broker.start().get(60, TimeUnit.SECONDS);
		awaitAction(broker, "bench.echo");
		Map<String, Object> params = Map.of("data", "x".repeat(args.integer("size", 64)));
		long timeout = args.integer("timeout", 0);
		CallOptions options = (timeout > 0) ? CallOptions.timeout(Duration.ofMillis(timeout)) : CallOptions.DEFAULT;
		ClosedLoop loop = new ClosedLoop(() -> broker.call("bench.echo", params, options), args.integer("inflight", 1));
		ClosedLoop.Result result = loop.run(args.number("warmup", 3), args.number("duration", 5));
		System.out.println("RESULT " + result.json());
		System.out.flush();
		broker.close();
		System.exit(0);
	}

	/**
	 * Emits balanced events as fast as the listener keeps up: after each batch it asks the listener
	 * how many it received and waits until at most one window is outstanding.
	 */
	private static void emitter(Args args) throws Exception {
		ServiceBroker broker = broker(args, args.get("node", "java-emitter"));
		broker.start().get(60, TimeUnit.SECONDS);
		awaitAction(broker, "bench.received");
		Map<String, Object> payload = Map.of("data", "x".repeat(args.integer("size", 64)));
		int batch = 500;
		long window = 5_000;
		double warmup = args.number("warmup", 3);
		double duration = args.number("duration", 5);
		long sent = 0;
		long base = ((Number) broker.call("bench.received", null).get()).longValue();
		long end = System.nanoTime() + (long) ((warmup + duration) * 1e9);
		long measureStart = System.nanoTime() + (long) (warmup * 1e9);
		long measuredFrom = -1;
		long measuredSent = 0;
		EmitOptions options = EmitOptions.DEFAULT;
		while (System.nanoTime() < end) {
			for (int i = 0; i < batch; i++) {
				broker.emit("bench.event", payload, options);
			}
			sent += batch;
			while (true) {
				long received = ((Number) broker.call("bench.received", null).get()).longValue() - base;
				if (sent - received <= window) {
					break;
				}
			}
			if (measuredFrom < 0 && System.nanoTime() >= measureStart) {
				measuredFrom = System.nanoTime();
				measuredSent = sent;
			}
		}
		long elapsed = System.nanoTime() - measuredFrom;
		double rate = (sent - measuredSent) * 1e9 / elapsed;
		System.out.println("RESULT " + new ClosedLoop.Result(rate, 0, 0, 0, sent - measuredSent, 0, "").json());
		System.out.flush();
		broker.close();
		System.exit(0);
	}

	/** Local calls through the full call path, no transporter: the caller thread runs the handlers. */
	private static void local(Args args) throws Exception {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder().nodeID("java-local").build());
		broker.createService(benchService(new AtomicLong()));
		broker.start().get(60, TimeUnit.SECONDS);
		Map<String, Object> params = Map.of("data", "x".repeat(args.integer("size", 64)));
		double warmup = args.number("warmup", 3);
		double duration = args.number("duration", 5);
		long end = System.nanoTime() + (long) (warmup * 1e9);
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1000; i++) {
				broker.call("bench.echo", params).join();
			}
		}
		long count = 0;
		long start = System.nanoTime();
		end = start + (long) (duration * 1e9);
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1000; i++) {
				broker.call("bench.echo", params).join();
			}
			count += 1000;
		}
		double rate = count * 1e9 / (System.nanoTime() - start);
		System.out.println("RESULT " + new ClosedLoop.Result(rate, 0, 0, 0, count, 0, "").json());
		System.out.flush();
		broker.close();
		System.exit(0);
	}

	static void awaitAction(ServiceBroker broker, String action) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (broker.registry().getActionEndpoints(action) == null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(action + " not found");
			}
			Thread.sleep(50);
		}
	}

}
