package io.github.moleculerspring.transport.local;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.TransporterListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transporter for brokers in the same JVM. Packets are serialized exactly as over NATS and go
 * through a {@link LocalBus}; each connection has a bounded inbox and its own dispatcher thread,
 * as a NATS client does, so discovery, calls and events behave as they do over the network.
 */
public final class LocalTransporter implements Transporter {

	private static final Logger logger = LoggerFactory.getLogger(LocalTransporter.class);

	/** The inbox capacity; beyond it messages are dropped, as NATS drops for slow consumers. */
	public static final int DEFAULT_INBOX_CAPACITY = 100_000;

	private static final Message POISON = new Message("", new byte[0]);

	private final LocalBus bus;

	private final BlockingQueue<Message> inbox;

	private final AtomicLong dropped = new AtomicLong();

	private volatile @Nullable TransporterListener listener;

	private volatile boolean connected;

	private @Nullable Thread dispatcher;

	/**
	 * Creates a transporter on a bus.
	 * @param bus the bus shared by the brokers that must see each other
	 */
	public LocalTransporter(LocalBus bus) {
		this(bus, DEFAULT_INBOX_CAPACITY);
	}

	public LocalTransporter(LocalBus bus, int inboxCapacity) {
		this.bus = bus;
		this.inbox = new LinkedBlockingQueue<>(inboxCapacity);
	}

	@Override
	public String name() {
		return "Local";
	}

	public LocalBus bus() {
		return this.bus;
	}

	/** Messages dropped because the inbox was full. */
	public long droppedMessages() {
		return this.dropped.get();
	}

	@Override
	public synchronized CompletableFuture<Void> connect(TransporterListener listener) {
		if (this.connected) {
			return CompletableFuture.completedFuture(null);
		}
		this.listener = listener;
		this.inbox.clear();
		Thread thread = new Thread(this::dispatch, "moleculer-local-" + this.bus.name());
		thread.setDaemon(true);
		this.dispatcher = thread;
		this.connected = true;
		thread.start();
		listener.onConnected(false);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public synchronized CompletableFuture<Void> disconnect() {
		if (!this.connected) {
			return CompletableFuture.completedFuture(null);
		}
		this.connected = false;
		this.bus.removeAll(this);
		this.inbox.clear();
		this.inbox.offer(POISON);
		Thread thread = this.dispatcher;
		this.dispatcher = null;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	@Override
	public Subscription subscribe(String subject, @Nullable String queueGroup) {
		if (!this.connected) {
			throw new BrokerDisconnectedError();
		}
		LocalBus.LocalSubscription subscription = this.bus.subscribe(this, subject, queueGroup);
		return subscription::unsubscribe;
	}

	@Override
	public void publish(String subject, byte[] payload) {
		if (!this.connected) {
			throw new BrokerDisconnectedError();
		}
		this.bus.publish(subject, payload);
	}

	@Override
	public CompletableFuture<Boolean> probe(String subject, byte[] payload, java.time.Duration timeout) {
		boolean present = this.bus.hasSubscribers(subject);
		publish(subject, payload);
		return CompletableFuture.completedFuture(present);
	}

	void deliver(String subject, byte[] payload) {
		if (!this.connected) {
			return;
		}
		if (!this.inbox.offer(new Message(subject, payload))) {
			long count = this.dropped.incrementAndGet();
			if (count == 1 || count % 10_000 == 0) {
				logger.warn("Local transporter inbox is full: {} message(s) dropped so far (slow consumer)", count);
			}
		}
	}

	private void dispatch() {
		while (true) {
			Message message;
			try {
				message = this.inbox.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (message == POISON) {
				return;
			}
			TransporterListener current = this.listener;
			if (current != null && this.connected) {
				try {
					current.onMessage(message.subject, message.payload);
				}
				catch (RuntimeException ex) {
					logger.warn("Listener failed on a message of '{}'", message.subject, ex);
				}
			}
		}
	}

	private record Message(String subject, byte[] payload) {
	}

}
