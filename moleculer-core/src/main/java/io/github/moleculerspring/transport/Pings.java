package io.github.moleculerspring.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.protocol.PacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.PingPacket;
import io.github.moleculerspring.protocol.PongPacket;
import io.github.moleculerspring.protocol.Topics;

/**
 * PING and PONG: the pings this node awaits a PONG to (each with its timeout), the PONG this node
 * answers every PING with, and the presence probe, a PING that also asks the server whether the
 * node still has a subscription.
 */
final class Pings {

	private final String nodeID;

	private final Topics topics;

	private final Transporter transporter;

	private final PacketSerializer serializer;

	private final Executor executor;

	private final ScheduledExecutorService scheduler;

	private final Transit.Handler handler;

	private final PacketPublisher publisher;

	private final RateLimitedLog warnings;

	private final Map<String, CompletableFuture<PongPacket>> pending = new ConcurrentHashMap<>();

	Pings(Transit.Config config, Transit.Handler handler, PacketPublisher publisher, RateLimitedLog warnings) {
		this.nodeID = config.nodeID();
		this.topics = config.topics();
		this.transporter = config.transporter();
		this.serializer = config.serializer();
		this.executor = config.executor();
		this.scheduler = config.scheduler();
		this.handler = handler;
		this.publisher = publisher;
		this.warnings = warnings;
	}

	/**
	 * Pings a node.
	 * @param target the node
	 * @param id the ping ID
	 * @param timeoutMillis how long to wait for the PONG
	 * @return the PONG
	 */
	CompletableFuture<PongPacket> ping(String target, String id, long timeoutMillis) {
		CompletableFuture<PongPacket> future = new CompletableFuture<>();
		this.pending.put(id, future);
		ScheduledFuture<?> timer = this.scheduler.schedule(() -> {
			if (this.pending.remove(id) != null) {
				PendingRequests.completeOn(this.executor,
						() -> future.completeExceptionally(new RequestTimeoutError("$ping", target)));
			}
		}, timeoutMillis, TimeUnit.MILLISECONDS);
		future.whenComplete((pong, ex) -> timer.cancel(false));
		try {
			this.publisher.publish(this.topics.targeted(PacketType.PING, target),
					new PingPacket(System.currentTimeMillis(), id, this.publisher.ver(), this.nodeID));
		}
		catch (RuntimeException ex) {
			this.pending.remove(id);
			future.completeExceptionally(ex);
		}
		return future;
	}

	/**
	 * Sends a presence probe; a node with no subscription left is reported gone
	 * ({@link Transit.Handler#onNodeGone}).
	 * @param target the node
	 */
	void probe(String target) {
		try {
			byte[] ping = this.serializer.serialize(new PingPacket(System.currentTimeMillis(), "probe-" + target,
					this.publisher.ver(), this.nodeID));
			this.transporter.probe(this.topics.targeted(PacketType.PING, target), ping, Duration.ofSeconds(2))
				.whenComplete((present, error) -> {
					if (error == null && Boolean.FALSE.equals(present)) {
						this.handler.onNodeGone(target);
					}
				});
		}
		catch (RuntimeException ex) {
			this.warnings.warn("probe", "Could not probe node '{}': {}", target, ex.toString());
		}
	}

	/** Answers a PING with a PONG. */
	void answer(PingPacket packet) {
		this.publisher.publishQuietly(this.topics.targeted(PacketType.PONG, packet.sender()),
				new PongPacket(packet.time(), packet.id(), System.currentTimeMillis(), this.publisher.ver(),
						this.nodeID));
	}

	/** A PONG arrived: completes its ping, if still awaited, and tells the handler the round trip. */
	void onPong(PongPacket packet) {
		long now = System.currentTimeMillis();
		long elapsed = now - packet.time();
		long timeDiff = Math.round(now - packet.arrived() - elapsed / 2.0);
		CompletableFuture<PongPacket> future = this.pending.remove(packet.id());
		if (future != null) {
			future.complete(packet);
		}
		this.handler.onPong(packet.sender(), packet.id(), elapsed, timeDiff);
	}

	/** Fails every awaited ping: the connection is gone. */
	void rejectAll() {
		for (Map.Entry<String, CompletableFuture<PongPacket>> ping : this.pending.entrySet()) {
			if (this.pending.remove(ping.getKey()) != null) {
				PendingRequests.completeOn(this.executor,
						() -> ping.getValue().completeExceptionally(new BrokerDisconnectedError()));
			}
		}
	}

}
