package io.github.moleculerspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * The ceiling: jnats request/reply on the same nats-server with the same payload, no Moleculer.
 * {@code responder} echoes the bytes back on the reply subject; {@code caller} runs the closed loop.
 */
public final class RawNats {

	private RawNats() {
	}

	public static void main(String[] argv) throws Exception {
		Args args = new Args(argv);
		Connection connection = Nats.connect(new Options.Builder().server(args.get("nats", ""))
			.connectionTimeout(Duration.ofSeconds(5))
			.build());
		switch (args.get("mode", "")) {
			case "responder" -> {
				Dispatcher dispatcher = connection.createDispatcher((message) -> connection.publish(message.getReplyTo(),
						message.getData()));
				dispatcher.subscribe("bench.raw.echo");
				connection.flush(Duration.ofSeconds(5));
				System.out.println("READY");
				System.out.flush();
				while (System.in.read() >= 0) {
					// keep running
				}
			}
			case "caller" -> {
				byte[] payload = ("{\"data\":\"" + "x".repeat(args.integer("size", 64)) + "\"}")
					.getBytes(StandardCharsets.UTF_8);
				ClosedLoop loop = new ClosedLoop(() -> connection.request("bench.raw.echo", payload),
						args.integer("inflight", 1));
				ClosedLoop.Result result = loop.run(args.number("warmup", 3), args.number("duration", 5));
				System.out.println("RESULT " + result.json());
				System.out.flush();
			}
			default -> throw new IllegalArgumentException("mode=responder|caller");
		}
		connection.close();
		System.exit(0);
	}

}
