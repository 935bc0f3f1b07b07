package io.github.moleculerspring.strategy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What a strategy may use of the broker it serves: its identity and timer, the remote nodes it
 * knows, a ping, and one shared object per broker (so that a monitor that every strategy of a broker
 * reads, as the Latency strategy's, exists once per broker without a static map). The broker hands
 * one host to every {@link StrategyFactory} it calls.
 */
public interface StrategyHost {

	/** The ID of this node. */
	String nodeID();

	/**
	 * The broker's timer. Tasks on it must be short and must never run user code.
	 */
	ScheduledExecutorService scheduler();

	/** Whether the broker has started and not begun stopping. */
	boolean isStarted();

	/**
	 * The other nodes the broker knows now, by ID, each with whether it is available.
	 * @return a snapshot, in the registry's order
	 */
	Map<String, Boolean> remoteNodes();

	/**
	 * Pings a node.
	 * @param nodeID the node
	 * @param timeout how long to wait
	 * @return completes with the round trip in milliseconds, or exceptionally when the node does not
	 * answer in time or the broker has no transporter
	 */
	CompletableFuture<Long> ping(String nodeID, Duration timeout);

	/**
	 * The object of this broker stored under a key, created on first use. Creation happens once per
	 * broker and key, even when strategies are created concurrently.
	 * @param <T> the object type
	 * @param key the key, typically the class of the shared object
	 * @param factory creates the object when the broker has none yet under that key
	 * @return the broker's object
	 */
	<T> T shared(Class<T> key, Supplier<T> factory);

}
