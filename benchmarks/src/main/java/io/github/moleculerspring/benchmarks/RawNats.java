package io.github.moleculerspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.benchmarks.loop.ClosedLoop;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * The ceiling: jnats on the same nats-server with the same payload, no Moleculer. {@code responder}
 * echoes the bytes back on the reply subject. {@code caller} runs the closed loop with jnats's
 * request/reply ({@code Connection.request}, the connection built with
 * {@code dontForceFlushOnRequest()} so that a request is not flushed on its own, as Moleculer's
 * publishes are not). {@code pubsub-caller} is Moleculer's own pattern without the framework: it
 * publishes to the responder's subject with a reply subject of its own that it subscribes to once,
 * and matches each reply to its request by an id in the first 8 bytes.
 */
public final class RawNats {

	private RawNats() {
	}

	public static void main(String[] argv) throws Exception {
		Args args = new Args(argv);
		Connection connection = Nats.connect(new Options.Builder().server(args.get("nats", ""))
			.connectionTimeout(Duration.ofSeconds(5))
			.dontForceFlushOnRequest()
			.build());
		byte[] payload = ("{\"data\":\"" + "x".repeat(args.integer("size", 64)) + "\"}").getBytes(StandardCharsets.UTF_8);
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
				ClosedLoop loop = new ClosedLoop(() -> connection.request("bench.raw.echo", payload),
						args.integer("inflight", 1));
				ClosedLoop.Result result = loop.run(args.number("warmup", 3), args.number("duration", 5));
				System.out.println("RESULT " + result.json());
				System.out.flush();
			}
			case "pubsub-caller" -> {
				ConcurrentHashMap<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
				String inbox = "bench.raw.reply." + ProcessHandle.current().pid();
				Dispatcher dispatcher = connection.createDispatcher((message) -> {
					CompletableFuture<byte[]> future = pending.remove(readId(message.getData()));
					if (future != null) {
						future.complete(message.getData());
					}
				});
				dispatcher.subscribe(inbox);
				connection.flush(Duration.ofSeconds(5));
				AtomicLong ids = new AtomicLong();
				ClosedLoop loop = new ClosedLoop(() -> {
					long id = ids.incrementAndGet();
					byte[] packet = new byte[8 + payload.length];
					writeId(packet, id);
					System.arraycopy(payload, 0, packet, 8, payload.length);
					CompletableFuture<byte[]> future = new CompletableFuture<>();
					pending.put(id, future);
					connection.publish("bench.raw.echo", inbox, packet);
					return future;
				}, args.integer("inflight", 1));
				ClosedLoop.Result result = loop.run(args.number("warmup", 3), args.number("duration", 5));
				System.out.println("RESULT " + result.json());
				System.out.flush();
			}
			default -> throw new IllegalArgumentException("mode=responder|caller|pubsub-caller");
		}
		connection.close();
		System.exit(0);
	}

	private static void writeId(byte[] packet, long id) {
		for (int i = 0; i < 8; i++) {
			packet[i] = (byte) (id >>> (56 - 8 * i));
		}
	}

	private static long readId(byte[] packet) {
		long id = 0;
		for (int i = 0; i < 8 && i < packet.length; i++) {
			id = (id << 8) | (packet[i] & 0xFF);
		}
		return id;
	}

}
