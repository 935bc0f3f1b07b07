package io.github.moleculerspring.test.autoconfigure.example;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.test.autoconfigure.MoleculerTest;
import io.github.moleculerspring.test.tester.MoleculerTester;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @MoleculerTest} without {@code services}: every {@code @MoleculerService} of the
 * application is loaded, and nothing else.
 */
@MoleculerTest
class MoleculerTestAllServicesTests {

	@Autowired
	private MoleculerTester tester;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private AuditService audit;

	@Test
	void everyMoleculerServiceAndNoOtherComponentIsLoaded() {
		assertThat(MoleculerTestListedServicesTests.localServiceNames(this.tester))
			.containsExactlyInAnyOrder("greeter", "audit", "orders");
		assertThat(this.context.getBeansOfType(GreetingRepository.class)).isEmpty();
	}

	@Test
	void emitReturnsOnceTheLocalHandlersAreDone() {
		this.tester.emit(GreeterService.GREETED, new Greeted("Eve"));
		assertThat(this.audit.names()).contains("Eve");
	}

	@Test
	void eventEmittedByOneServiceReachesAnotherAndTheRecorder() {
		this.tester.call("greeter.hello", Map.of("name", "Zoe"));
		this.tester.events().await(GreeterService.GREETED);
		// audit handles its copy concurrently with the recorder: wait for it, within bounds
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(auditedNames()).contains("Zoe"));
	}

	private List<Object> auditedNames() {
		List<?> names = this.tester.call("audit.names", null, List.class);
		return new ArrayList<>(names);
	}

}
