package io.github.moleculerspring.test.tester;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EventRecorder} on a plain broker, without Spring: bounded recording, late events, and
 * argument checks.
 */
class EventRecorderTests {

	private ServiceBroker broker;

	@BeforeEach
	void createBroker() {
		this.broker = new ServiceBroker(BrokerOptions.builder().nodeID("recorder-test").build());
	}

	/**
	 * Starts the broker with a recorder registered before, as in a slice, and forgets the broker's
	 * own {@code $broker.started} so that each test sees only its events.
	 */
	private EventRecorder startWithRecorder(int capacity, Duration timeout) throws Exception {
		EventRecorder recorder = EventRecorder.attach(this.broker, capacity, timeout);
		this.broker.start().get(5, TimeUnit.SECONDS);
		assertThat(recorder.await("$broker.started", Duration.ofSeconds(5)).type()).isEqualTo("broadcastLocal");
		recorder.clear();
		return recorder;
	}

	@AfterEach
	void stop() throws Exception {
		this.broker.stop().get(5, TimeUnit.SECONDS);
	}

	@Test
	void nothingReceivedIsSaid() throws Exception {
		EventRecorder recorder = startWithRecorder(10, Duration.ofSeconds(1));
		assertThatThrownBy(() -> recorder.await("user.created", 2, Duration.ofMillis(50)))
			.isInstanceOf(AssertionError.class)
			.hasMessage("Expected 2 events 'user.created', but got 0 within 50 ms; received no events");
	}

	@Test
	void keepsAtMostItsCapacityAndSaysHowManyWereDropped() throws Exception {
		EventRecorder recorder = startWithRecorder(2, Duration.ofSeconds(1));
		for (int i = 1; i <= 3; i++) {
			this.broker.emit("tick", Map.of("n", i)).get(5, TimeUnit.SECONDS);
		}
		assertThat(recorder.received()).extracting(RecordedEvent::payload)
			.containsExactly(Map.of("n", 2), Map.of("n", 3));
		assertThat(recorder.dropped()).isEqualTo(1);
		assertThatThrownBy(() -> recorder.await("tock", Duration.ofMillis(50)))
			.hasMessage("Event 'tock' was not received within 50 ms; received 2 events:\n"
					+ "  - tick (emit from recorder-test): {\"n\":2}\n" + "  - tick (emit from recorder-test): {\"n\":3}\n"
					+ "(1 earlier events were dropped: the recording keeps 2; see moleculer.test.event-capacity)");
		recorder.clear();
		assertThat(recorder.received()).isEmpty();
		assertThat(recorder.dropped()).isZero();
	}

	@Test
	void awaitReturnsAnEventThatArrivesWhileWaiting() throws Exception {
		EventRecorder recorder = startWithRecorder(10, Duration.ofSeconds(5));
		this.broker.scheduler().schedule(() -> this.broker.emit("late", "payload"), 200, TimeUnit.MILLISECONDS);
		long start = System.nanoTime();
		RecordedEvent late = recorder.await("late");
		assertThat(late.payload()).isEqualTo("payload");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void detachedRecorderRecordsNothingMore() throws Exception {
		EventRecorder recorder = startWithRecorder(10, Duration.ofSeconds(1));
		recorder.detach();
		this.broker.emit("tick", null).get(5, TimeUnit.SECONDS);
		assertThat(recorder.received()).isEmpty();
	}

	@Test
	void badArgumentsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> EventRecorder.attach(this.broker, 0, Duration.ofSeconds(1)))
			.withMessage("The capacity must be at least 1, not 0");
		EventRecorder recorder = EventRecorder.attach(this.broker, 10, Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> recorder.await("x", Duration.ZERO))
			.withMessage("The timeout must be positive, not PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> recorder.await("x", 0, Duration.ofSeconds(1)))
			.withMessage("The count must be at least 1, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> recorder.await(" ", Duration.ofSeconds(1)))
			.withMessage("The event name must not be empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MoleculerTester(this.broker, recorder, Duration.ofMillis(-1)));
	}

}
