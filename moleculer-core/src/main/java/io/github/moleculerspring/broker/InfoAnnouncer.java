package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import io.github.moleculerspring.transport.Transit;

/**
 * This node's INFO: what it says besides the services and whether it lists the local services
 * (once announced, not before start and after withdrawal; the transit builds the packet); it
 * numbers each change with its sequence, keeps the local node's entry in the registry up to date,
 * and broadcasts a change of the local services once per debounce period.
 */
final class InfoAnnouncer {

	private final ServiceBroker broker;

	private final LongFunction<CompletableFuture<Void>> delay;

	private final Object lock = new Object();

	private volatile long seq = 1;

	private volatile boolean announced;

	private volatile boolean broadcastScheduled;

	InfoAnnouncer(ServiceBroker broker, LongFunction<CompletableFuture<Void>> delay) {
		this.broker = broker;
		this.delay = delay;
	}

	/** From now on INFO lists the local services (a new sequence). */
	void announce() {
		synchronized (this.lock) {
			this.announced = true;
			this.seq++;
		}
	}

	/** From now on INFO lists no services (a new sequence), as a stopping node sends. */
	void withdraw() {
		synchronized (this.lock) {
			this.announced = false;
			this.seq++;
		}
	}

	/** The local services changed after start: a new sequence, broadcast after the debounce period. */
	void localServicesChanged() {
		synchronized (this.lock) {
			this.seq++;
		}
		scheduleBroadcast();
	}

	/** Writes this node's identity into its registry entry. */
	void updateLocalNode() {
		BrokerOptions options = this.broker.options();
		this.broker.registry().updateLocalNode(this.broker.instanceID(), this.broker.clientInfo(), options.metadata(),
				NodeIdentity.ipList(), NodeIdentity.hostname(), this.broker.protocolVersion().value());
	}

	/** What this node's INFO says now; the transit adds the local services when they are announced. */
	Transit.LocalInfo localInfo() {
		long current;
		boolean withServices;
		synchronized (this.lock) {
			current = this.seq;
			withServices = this.announced;
		}
		return new Transit.LocalInfo(current, withServices, NodeIdentity.ipList(), NodeIdentity.hostname(),
				this.broker.clientInfo(), this.broker.options().metadata());
	}

	private void scheduleBroadcast() {
		if (this.broadcastScheduled) {
			return;
		}
		this.broadcastScheduled = true;
		this.delay.apply(this.broker.options().serviceChangedDebounce().toMillis()).thenRun(() -> {
			this.broadcastScheduled = false;
			Transit current = this.broker.transit();
			if (current != null && this.announced && current.isConnected()) {
				updateLocalNode();
				current.broadcastInfo();
			}
		});
	}

}
