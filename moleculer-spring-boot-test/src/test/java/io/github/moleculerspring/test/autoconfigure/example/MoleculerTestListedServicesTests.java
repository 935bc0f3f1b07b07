package io.github.moleculerspring.test.autoconfigure.example;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.test.autoconfigure.MoleculerTest;
import io.github.moleculerspring.test.tester.EventRecorder;
import io.github.moleculerspring.test.tester.MoleculerTester;
import io.github.moleculerspring.test.tester.RecordedEvent;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @MoleculerTest(services = GreeterService.class)}: only {@code greeter} is loaded, and the
 * tester calls it, sees its validation errors as typed exceptions and awaits the event it emits.
 */
@MoleculerTest(services = GreeterService.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MoleculerTestListedServicesTests {

	@Autowired
	private MoleculerTester tester;

	@Autowired
	private ApplicationContext context;

	@Test
	void onlyTheListedServiceIsRegistered() {
		assertThat(localServiceNames(this.tester)).containsExactly("greeter");
		assertThat(this.context.getBeansOfType(GreeterService.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(AuditService.class)).isEmpty();
		assertThat(this.context.getBeansOfType(OrdersService.class)).isEmpty();
		assertThat(this.context.getBeansOfType(GreetingRepository.class)).isEmpty();
		assertThat(this.tester.callExpectingError("audit.names", null)).isInstanceOf(ServiceNotFoundError.class);
	}

	@Test
	void callReturnsTheResult() {
		assertThat(this.tester.call("greeter.hello", Map.of("name", "Ann"), String.class)).isEqualTo("Hello Ann");
		assertThat(this.tester.call("greeter.hello", Map.of("name", "Bob"))).isEqualTo("Hello Bob");
	}

	@Test
	void validationErrorSurfacesAsTheTypedException() {
		ValidationError error = this.tester.callExpectingError("greeter.hello", Map.of("name", " "),
				ValidationError.class);
		assertThat(error.getCode()).isEqualTo(422);
		assertThat(error.getType()).isEqualTo("VALIDATION_ERROR");
		assertThat(error.getViolations()).extracting(ValidationError.Violation::field).containsExactly("name");
		assertThatExceptionOfType(ValidationError.class)
			.isThrownBy(() -> this.tester.call("greeter.hello", Map.of("name", "")));
	}

	@Test
	void callExpectingErrorFailsWhenTheCallSucceeds() {
		assertThatThrownBy(() -> this.tester.callExpectingError("greeter.hello", Map.of("name", "Ann")))
			.isInstanceOf(AssertionError.class)
			.hasMessage("Expected call 'greeter.hello' to fail with MoleculerError, but it returned: Hello Ann");
	}

	@Test
	void callExpectingErrorFailsOnAnotherErrorClass() {
		assertThatThrownBy(() -> this.tester.callExpectingError("greeter.hello", Map.of("name", ""),
				ServiceNotFoundError.class))
			.isInstanceOf(AssertionError.class)
			.hasMessageStartingWith(
					"Expected call 'greeter.hello' to fail with ServiceNotFoundError, but it failed with ValidationError (422, VALIDATION_ERROR)")
			.hasCauseInstanceOf(ValidationError.class);
	}

	@Test
	void callThatDoesNotCompleteInTimeFailsNamingTheAction() {
		MoleculerTester impatient = this.tester.withTimeout(Duration.ofMillis(100));
		assertThatThrownBy(() -> impatient.call("greeter.slow", Map.of("millis", 3000)))
			.isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Call 'greeter.slow' did not complete within 100 ms");
		assertThatThrownBy(() -> impatient.callExpectingError("greeter.slow", Map.of("millis", 3000)))
			.isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Call 'greeter.slow' did not complete within 100 ms");
		assertThat(this.tester.call("greeter.slow", Map.of("millis", 10))).isEqualTo("done after PT0.01S");
	}

	@Test
	void brokerTimeoutOfACallIsTheMoleculerError() {
		MoleculerError error = this.tester.callExpectingError("greeter.slow", Map.of("millis", 3000),
				CallOptions.timeout(Duration.ofMillis(50)), MoleculerError.class);
		assertThat(error.getName()).isEqualTo("RequestTimeoutError");
		assertThat(error.getCode()).isEqualTo(504);
	}

	@Test
	void emittedEventIsAwaited() {
		this.tester.call("greeter.hello", Map.of("name", "Ann"));
		RecordedEvent event = this.tester.events().await(GreeterService.GREETED, Duration.ofSeconds(5));
		assertThat(event.name()).isEqualTo("greeter.greeted");
		assertThat(event.type()).isEqualTo("emit");
		assertThat(event.caller()).isEqualTo("greeter");
		assertThat(event.payload(Greeted.class)).isEqualTo(new Greeted("Ann"));
		Map<?, ?> asMap = event.payload(Map.class);
		assertThat(asMap).isEqualTo(Map.of("name", "Ann"));
	}

	@Test
	void eventsAreAwaitedByPatternConditionAndCount() {
		this.tester.call("greeter.hello", Map.of("name", "Ann"));
		this.tester.call("greeter.hello", Map.of("name", "Bob"));
		EventRecorder events = this.tester.events();
		assertThat(events.await("greeter.*", (event) -> event.payload(Greeted.class).name().equals("Bob"),
				Duration.ofSeconds(5))
			.payload(Greeted.class)).isEqualTo(new Greeted("Bob"));
		List<RecordedEvent> both = events.await(GreeterService.GREETED, 2, Duration.ofSeconds(5));
		assertThat(both).extracting((event) -> event.payload(Greeted.class).name())
			.containsExactlyInAnyOrder("Ann", "Bob");
	}

	@Test
	void emitAndBroadcastFromTheTesterAreRecordedWithMeta() {
		this.tester.emit("order.placed", Map.of("id", 7), EmitOptions.DEFAULT.withMeta(Map.of("tenant", "t1")));
		this.tester.broadcast("cache.clear", null);
		RecordedEvent placed = this.tester.events().await("order.placed");
		assertThat(placed.type()).isEqualTo("emit");
		assertThat(placed.meta()).containsEntry("tenant", "t1");
		assertThat(placed.payload()).isEqualTo(Map.of("id", 7));
		RecordedEvent cleared = this.tester.events().await("cache.clear");
		// as in Moleculer.js, a broadcast reaches this node's own handlers as broadcastLocal
		assertThat(cleared.type()).isEqualTo("broadcastLocal");
		assertThat(cleared.payload()).isNull();
	}

	@Test
	void missingEventFailsWithAMessageListingWhatWasReceived() {
		this.tester.emit("order.placed", Map.of("id", 7));
		ServiceBroker broker = this.tester.broker();
		assertThatThrownBy(() -> this.tester.events().await("user.created", Duration.ofMillis(200)))
			.isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Event 'user.created' was not received within 200 ms; received ")
			.hasMessageContaining("\n  - order.placed (emit from " + broker.nodeID() + "): {\"id\":7}");
	}

	@Test
	void assertNotReceivedFailsWhenTheEventCame() {
		this.tester.call("greeter.hello", Map.of("name", "Ann"));
		this.tester.events().await(GreeterService.GREETED);
		assertThatThrownBy(() -> this.tester.events().assertNotReceived("greeter.*", Duration.ofMillis(50)))
			.isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Expected no event 'greeter.*', but received 1 event:\n  - greeter.greeted (emit by greeter");
		this.tester.events().assertNotReceived("user.*", Duration.ofMillis(50));
	}

	@Test
	@Order(1)
	void firstEmitsAnEvent() {
		this.tester.emit("leftover.event", Map.of("n", 1));
		assertThat(this.tester.events().received("leftover.event")).hasSize(1);
	}

	@Test
	@Order(2)
	void recordingIsClearedBeforeEachTestMethod() {
		assertThat(this.tester.events().received("leftover.event")).isEmpty();
	}

	static List<Object> localServiceNames(MoleculerTester tester) {
		List<?> services = tester.call("$node.services", Map.of("onlyLocal", true, "skipInternal", true), List.class);
		return services.stream().<Object>map((service) -> ((Map<?, ?>) service).get("name")).toList();
	}

}
