package io.github.moleculerspring.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.transport.PollerDemotions.Kind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own receive threads: one poller per pulled subject ({@code REQ}, {@code RES} and
 * {@code EVENT} of this node) reads its {@link Transporter.PullSubscription} and hands each packet to
 * the {@link Sink} on its own thread, so a packet goes from the transport's reader to the poller and,
 * when handled inline, straight to the writer: one thread hand-off fewer than through the
 * transporter's delivery thread and a worker.
 *
 * <p>
 * <b>The blocked-poller safety net.</b> A watch thread looks at the pollers every half
 * {@code blockedAfter}. A poller busy with one packet for longer than that while it waits (parked,
 * sleeping, on a monitor or in blocking I/O), or for {@value #COMPUTING_FACTOR} times that whatever it does, is blocked: what it runs
 * (it says so with {@link Poller#running}) is demoted to the workers ({@link PollerDemotions}), a
 * warning names it, and a spare poller takes over the subject; the blocked one retires when its
 * packet is done. At most {@code maxSpares} spares exist at once: beyond, the warning says the
 * subject waits for its poller. A round in which the watch itself woke late (a GC pause, a starved
 * CPU) judges nothing, so a pause that stopped every thread is not blamed on a handler.
 */
final class ReceivePollers {

	private static final Logger logger = LoggerFactory.getLogger(ReceivePollers.class);

	/** How long an idle poller waits for a packet before it looks whether it should stop. */
	static final long IDLE_WAIT_MILLIS = 100;

	/**
	 * A poller busy this many times {@code blockedAfter} with one packet counts as blocked even when
	 * it computes all along (a handler that spins holds the subject as much as one that waits).
	 */
	static final int COMPUTING_FACTOR = 20;

	/** How long a poller pauses after the transport failed a read, so a broken subscription cannot spin. */
	private static final long FAILED_READ_PAUSE_MILLIS = 10;

	/** What pollers hand packets to; it returns quickly unless it runs a handler inline, and never throws. */
	@FunctionalInterface
	interface Sink {

		/**
		 * Takes one packet, on the poller's thread.
		 * @param subject the subject it came on
		 * @param payload the packet
		 * @param poller the poller, told what runs inline ({@link Poller#running})
		 */
		void receivePolled(String subject, byte[] payload, Poller poller);

	}

	private final String nodeID;

	private final PollerSettings settings;

	private final PollerDemotions demotions;

	private final Sink sink;

	private final long blockedAfterNanos;

	private final long periodNanos;

	private final List<Lane> lanes = new CopyOnWriteArrayList<>();

	private final AtomicInteger spares = new AtomicInteger();

	private final AtomicInteger threads = new AtomicInteger();

	private final LongAdder blocked = new LongAdder();

	private final RateLimitedLog warnings = new RateLimitedLog(logger, 10_000);

	private volatile boolean stopped;

	private @Nullable Thread watch;

	ReceivePollers(String nodeID, PollerSettings settings, PollerDemotions demotions, Sink sink) {
		this.nodeID = nodeID;
		this.settings = settings;
		this.demotions = demotions;
		this.sink = sink;
		this.blockedAfterNanos = settings.blockedAfter().toNanos();
		this.periodNanos = Math.max(TimeUnit.MICROSECONDS.toNanos(500), this.blockedAfterNanos / 2);
	}

	/**
	 * Starts a poller on a subscription; it runs until the subscription ends or {@link #stop()}.
	 * @param subscription what it reads
	 * @param type the packet type of the subject, for the thread's name
	 */
	synchronized void start(Transporter.PullSubscription subscription, PacketType type) {
		if (this.stopped) {
			subscription.unsubscribe();
			return;
		}
		Lane lane = new Lane(subscription, type);
		lane.current = startPoller(lane);
		this.lanes.add(lane);
		if (this.watch == null) {
			Thread thread = new Thread(this::watch, "moleculer-poller-" + this.nodeID + "-watch");
			thread.setDaemon(true);
			this.watch = thread;
			thread.start();
		}
	}

	/** Stops every poller once its current packet is done, and the watch. Idempotent. */
	synchronized void stop() {
		this.stopped = true;
		Thread current = this.watch;
		if (current != null) {
			LockSupport.unpark(current);
		}
	}

	/** Poller threads alive now, spares included. */
	int threads() {
		return this.threads.get();
	}

	/** How many times a poller was found blocked since start. */
	long blockedCount() {
		return this.blocked.sum();
	}

	/** Spare pollers in use now (each stands in for a blocked one). */
	int sparesInUse() {
		return this.spares.get();
	}

	private Poller startPoller(Lane lane) {
		Poller poller = new Poller(lane);
		Thread thread = new Thread(poller,
				"moleculer-poller-" + this.nodeID + "-" + lane.type.cmd() + "-" + lane.started.incrementAndGet());
		thread.setDaemon(true);
		poller.thread = thread;
		this.threads.incrementAndGet();
		thread.start();
		return poller;
	}

	// ------------------------------------------------------------------ the watch

	private void watch() {
		long last = System.nanoTime();
		while (!this.stopped) {
			LockSupport.parkNanos(this.periodNanos);
			long now = System.nanoTime();
			boolean late = now - last > 4 * this.periodNanos;
			last = now;
			if (!late) {
				try {
					judge(now);
				}
				catch (RuntimeException ex) {
					this.warnings.warn("watch", "Poller watch failed: {}", ex.toString());
				}
			}
		}
	}

	/**
	 * Finds the pollers blocked by one packet and acts on each once. Blocked is: busy with it for
	 * longer than blockedAfter while its thread waits in Java (parked, sleeping, on a monitor), or
	 * busy for {@value #COMPUTING_FACTOR} times blockedAfter whatever it does (a spinning handler,
	 * blocking I/O in native code). So the class loading
	 * and JIT of a first call, which compute, are not taken for blocking.
	 */
	void judge(long now) {
		for (Lane lane : this.lanes) {
			Poller poller = lane.current;
			long since = poller.busySince;
			if (since == 0 || since == lane.judgedSince) {
				continue;
			}
			long busy = now - since;
			if (since != lane.watchedSince) {
				if (busy >= this.blockedAfterNanos / 2) {
					lane.watchedSince = since;
					lane.watchedAt = now;
				}
				continue;
			}
			boolean blocked = busy >= COMPUTING_FACTOR * this.blockedAfterNanos;
			if (!blocked && busy >= this.blockedAfterNanos && now - lane.watchedAt >= this.periodNanos / 2) {
				// Only a thread that waits in Java (parked, sleeping, on a monitor) counts early. A CPU-share
				// rule also caught blocking native I/O, but took a starved computing thread for blocked
				// (a fresh-clone run on a loaded machine); native I/O is caught by the 20x rule instead.
				blocked = poller.isWaiting();
			}
			if (blocked) {
				lane.judgedSince = since;
				onBlocked(lane, poller, busy / 1_000_000);
			}
		}
	}

	private void onBlocked(Lane lane, Poller poller, long busyMillis) {
		this.blocked.increment();
		Kind kind = poller.kind;
		String name = poller.name;
		String culprit = (kind != null && name != null) ? kind.describe(name) : null;
		if (kind != null && name != null) {
			this.demotions.demote(kind, name);
		}
		boolean spare = false;
		synchronized (this) {
			if (!this.stopped && this.spares.get() < this.settings.maxSpares()) {
				this.spares.incrementAndGet();
				poller.replaced = true;
				lane.current = startPoller(lane);
				spare = true;
			}
		}
		String what = (culprit != null) ? culprit : "a packet";
		String advice = (culprit != null) ? " It runs on the worker threads from now on; if it blocks, do not declare it non-blocking." : "";
		if (spare) {
			logger.warn("A poller of node '{}' has been blocked for {} ms on '{}' by {}.{} A spare poller took over ({} of {} in use).",
					this.nodeID, busyMillis, lane.subject, what, advice, this.spares.get(), this.settings.maxSpares());
		}
		else {
			logger.warn("A poller of node '{}' has been blocked for {} ms on '{}' by {}.{} No spare poller is left "
					+ "(max-spares {}): '{}' waits until it returns.", this.nodeID, busyMillis, lane.subject, what, advice,
					this.settings.maxSpares(), lane.subject);
		}
	}

	// ------------------------------------------------------------------ lanes and pollers

	/** One pulled subject and the poller reading it now. */
	private static final class Lane {

		final Transporter.PullSubscription subscription;

		final String subject;

		final PacketType type;

		final AtomicInteger started = new AtomicInteger();

		volatile Poller current;

		/** The busySince of the current poller's packet already judged; the watch's own. */
		long judgedSince;

		/** The packet (its busySince) the watch is timing, and when it first saw it busy. */
		long watchedSince;

		long watchedAt;

		@SuppressWarnings("NullAway.Init")
		Lane(Transporter.PullSubscription subscription, PacketType type) {
			this.subscription = subscription;
			this.subject = subscription.subject();
			this.type = type;
		}

	}

	/**
	 * One poller thread: reads its lane's subscription and hands each packet to the sink. The sink
	 * tells it what runs inline ({@link #running}), which is what a warning names when it blocks.
	 */
	final class Poller implements Runnable {

		private final Lane lane;

		/** {@link System#nanoTime()} when the current packet was taken (never 0), 0 while waiting. */
		volatile long busySince;

		volatile @Nullable Kind kind;

		volatile @Nullable String name;

		/** A spare took over: retire after the current packet. */
		volatile boolean replaced;

		volatile @Nullable Thread thread;


		Poller(Lane lane) {
			this.lane = lane;
		}

		/**
		 * Says what the current packet runs inline, so that a block is blamed on it.
		 * @param kind what kind of work
		 * @param name the action or event
		 */
		void running(Kind kind, String name) {
			this.kind = kind;
			this.name = name;
		}

		/** Whether its thread is parked, sleeping or waiting for a monitor now (not in native code). */
		boolean isWaiting() {
			Thread current = this.thread;
			if (current == null) {
				return false;
			}
			Thread.State state = current.getState();
			return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
					|| state == Thread.State.BLOCKED;
		}

		/** Whether the pollers no longer run this inline (it blocked a poller before). */
		boolean isDemoted(Kind kind, String name) {
			return ReceivePollers.this.demotions.isDemoted(kind, name);
		}

		@Override
		public void run() {
			ReceivePollers pollers = ReceivePollers.this;
			Transporter.PullSubscription subscription = this.lane.subscription;
			try {
				while (!pollers.stopped && !this.replaced) {
					byte[] payload;
					try {
						payload = subscription.next(IDLE_WAIT_MILLIS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					catch (RuntimeException ex) {
						pollers.warnings.warn("read:" + this.lane.subject, "A poller failed to read '{}': {}",
								this.lane.subject, ex.toString());
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FAILED_READ_PAUSE_MILLIS));
						continue;
					}
					if (payload == null) {
						if (!subscription.isActive()) {
							return;
						}
						continue;
					}
					handle(payload);
				}
			}
			finally {
				retire();
			}
		}

		private void handle(byte[] payload) {
			this.kind = null;
			this.name = null;
			this.busySince = System.nanoTime() | 1;
			try {
				ReceivePollers.this.sink.receivePolled(this.lane.subject, payload, this);
			}
			catch (RuntimeException ex) {
				ReceivePollers.this.warnings.warn("sink:" + this.lane.subject, "A packet on '{}' failed on its poller",
						this.lane.subject, ex);
			}
			finally {
				this.busySince = 0;
			}
		}

		private void retire() {
			ReceivePollers pollers = ReceivePollers.this;
			pollers.threads.decrementAndGet();
			if (this.replaced) {
				pollers.spares.decrementAndGet();
			}
			else if (this.lane.current == this) {
				pollers.lanes.remove(this.lane);
			}
		}

	}

}
