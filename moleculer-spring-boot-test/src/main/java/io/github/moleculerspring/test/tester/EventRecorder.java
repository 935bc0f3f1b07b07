package io.github.moleculerspring.test.tester;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.registry.EventNames;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;

/**
 * Records the events delivered to a broker so that a test can await them: it registers the
 * internal service {@value #SERVICE_NAME} with one handler for {@code **} in a group of its own,
 * so it receives a copy of every event emitted or broadcast to this node (balanced emits still
 * reach one handler of every other group, exactly as without it), from the moment the broker
 * starts.
 *
 * <p>
 * Why a subscriber and not a hook on {@code emit}: it sees what services see (the payload as
 * delivered, the meta, the groups), including events that reach this node from others, and it
 * never misses an event emitted before the test asked for it, so {@code await} has no race with
 * the code under test. An emit restricted to named groups ({@code EmitOptions.groups(...)})
 * reaches only those groups, so it is not recorded; await a side effect of its handler instead.
 *
 * <p>
 * The recording is bounded: beyond {@code capacity} events the oldest are dropped, and failure
 * messages say how many. In a {@code @MoleculerTest} the recording is cleared before each test
 * method, so every test sees only its own events. All waits are bounded by a timeout.
 */
public final class EventRecorder {

	/** The name of the recording service; internal ({@code $}) so service listings skip it. */
	public static final String SERVICE_NAME = "$moleculer-test-events";

	/** The default number of events kept. */
	public static final int DEFAULT_CAPACITY = 10_000;

	private final ServiceBroker broker;

	private final int capacity;

	private final Duration defaultTimeout;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final Deque<RecordedEvent> events = new ArrayDeque<>();

	private long dropped;

	private EventRecorder(ServiceBroker broker, int capacity, Duration defaultTimeout) {
		if (capacity < 1) {
			throw new IllegalArgumentException("The capacity must be at least 1, not " + capacity);
		}
		this.broker = broker;
		this.capacity = capacity;
		this.defaultTimeout = checkTimeout(defaultTimeout);
	}

	/**
	 * Creates a recorder and registers its service in a broker (before or after the broker starts).
	 * @param broker the broker
	 * @param capacity the number of events kept, at least 1
	 * @param defaultTimeout the timeout of {@link #await(String)}, positive
	 * @return the recorder
	 */
	public static EventRecorder attach(ServiceBroker broker, int capacity, Duration defaultTimeout) {
		EventRecorder recorder = new EventRecorder(broker, capacity, defaultTimeout);
		broker.createService(ServiceDefinition.builder(SERVICE_NAME)
			.event(EventDefinition.builder("**").handler((ctx) -> {
				recorder.record(new RecordedEvent(ctx, broker.values()));
				return null;
			}).build())
			.build());
		return recorder;
	}

	/** Removes the recording service from the broker; nothing is recorded afterwards. */
	public void detach() {
		this.broker.destroyService(SERVICE_NAME);
	}

	/**
	 * Waits for an event, within the default timeout.
	 * @param event the event name, or a pattern with Moleculer's wildcards ({@code user.*})
	 * @return the first matching event received since the recording was last cleared
	 * @throws AssertionError when none arrives in time, listing the events received
	 */
	public RecordedEvent await(String event) {
		return await(event, this.defaultTimeout);
	}

	/**
	 * Waits for an event.
	 * @param event the event name, or a pattern with Moleculer's wildcards ({@code user.*})
	 * @param timeout how long to wait at most
	 * @return the first matching event received since the recording was last cleared
	 * @throws AssertionError when none arrives in time, listing the events received
	 */
	public RecordedEvent await(String event, Duration timeout) {
		return await(event, 1, timeout).get(0);
	}

	/**
	 * Waits for an event that satisfies a condition, such as a payload with a given ID.
	 * @param event the event name or pattern
	 * @param condition the condition
	 * @param timeout how long to wait at most
	 * @return the first matching event that satisfies the condition
	 * @throws AssertionError when none arrives in time, listing the events received
	 */
	public RecordedEvent await(String event, Predicate<? super RecordedEvent> condition, Duration timeout) {
		Objects.requireNonNull(condition, "condition");
		return awaitMatching(event, condition, 1, timeout, " satisfying the condition").get(0);
	}

	/**
	 * Waits until a number of events have been received.
	 * @param event the event name or pattern
	 * @param count how many, at least 1
	 * @param timeout how long to wait at most
	 * @return the first {@code count} matching events, in the order received
	 * @throws AssertionError when fewer arrive in time, listing the events received
	 */
	public List<RecordedEvent> await(String event, int count, Duration timeout) {
		return awaitMatching(event, (recorded) -> true, count, timeout, "");
	}

	/**
	 * Asserts that no matching event arrives for a while: it waits the whole period (or fails as soon
	 * as one arrives), so keep the period short.
	 * @param event the event name or pattern
	 * @param period how long to watch
	 * @throws AssertionError when a matching event has been or is received
	 */
	public void assertNotReceived(String event, Duration period) {
		checkPattern(event);
		long deadline = System.nanoTime() + checkTimeout(period).toNanos();
		this.lock.lock();
		try {
			while (true) {
				List<RecordedEvent> found = matching(event, (recorded) -> true);
				if (!found.isEmpty()) {
					throw new AssertionError("Expected no event '" + event + "', but received "
							+ list(found.size(), found));
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return;
				}
				this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while watching for event '" + event + "'", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The events received since the recording was last cleared, in order.
	 * @return a snapshot
	 */
	public List<RecordedEvent> received() {
		this.lock.lock();
		try {
			return List.copyOf(this.events);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The matching events received since the recording was last cleared, in order.
	 * @param event the event name or pattern
	 * @return a snapshot
	 */
	public List<RecordedEvent> received(String event) {
		checkPattern(event);
		this.lock.lock();
		try {
			return matching(event, (recorded) -> true);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The number of events dropped because the recording was full, since it was last cleared. */
	public long dropped() {
		this.lock.lock();
		try {
			return this.dropped;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Forgets the events received so far. */
	public void clear() {
		this.lock.lock();
		try {
			this.events.clear();
			this.dropped = 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The timeout of {@link #await(String)}. */
	public Duration defaultTimeout() {
		return this.defaultTimeout;
	}

	void record(RecordedEvent event) {
		this.lock.lock();
		try {
			if (this.events.size() >= this.capacity) {
				this.events.removeFirst();
				this.dropped++;
			}
			this.events.addLast(event);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private List<RecordedEvent> awaitMatching(String event, Predicate<? super RecordedEvent> condition, int count,
			Duration timeout, String description) {
		checkPattern(event);
		if (count < 1) {
			throw new IllegalArgumentException("The count must be at least 1, not " + count);
		}
		long deadline = System.nanoTime() + checkTimeout(timeout).toNanos();
		this.lock.lock();
		try {
			while (true) {
				List<RecordedEvent> found = matching(event, condition);
				if (found.size() >= count) {
					return List.copyOf(found.subList(0, count));
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					String expected = (count == 1) ? "Event '" + event + "'" + description + " was not received"
							: "Expected " + count + " events '" + event + "'" + description + ", but got "
									+ found.size();
					throw new AssertionError(expected + " within " + timeout.toMillis() + " ms; received "
							+ list(this.events.size(), this.events));
				}
				this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for event '" + event + "'", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private List<RecordedEvent> matching(String pattern, Predicate<? super RecordedEvent> condition) {
		List<RecordedEvent> found = new ArrayList<>();
		for (RecordedEvent recorded : this.events) {
			if (EventNames.matches(recorded.name(), pattern) && condition.test(recorded)) {
				found.add(recorded);
			}
		}
		return found;
	}

	private String list(int size, Iterable<RecordedEvent> events) {
		StringBuilder text = new StringBuilder();
		if (size == 0) {
			text.append("no events");
		}
		else {
			text.append(size).append((size == 1) ? " event:" : " events:");
			for (RecordedEvent recorded : events) {
				text.append("\n  - ").append(recorded);
			}
		}
		if (this.dropped > 0) {
			text.append("\n(").append(this.dropped).append(" earlier events were dropped: the recording keeps ")
				.append(this.capacity).append("; see moleculer.test.event-capacity)");
		}
		return text.toString();
	}

	private static void checkPattern(String event) {
		if (event == null || event.isBlank()) {
			throw new IllegalArgumentException("The event name must not be empty");
		}
	}

	static Duration checkTimeout(Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("The timeout must be positive, not " + timeout);
		}
		return timeout;
	}

}
