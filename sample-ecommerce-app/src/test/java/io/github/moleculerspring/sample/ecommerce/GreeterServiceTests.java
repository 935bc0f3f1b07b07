package io.github.moleculerspring.sample.ecommerce;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.sample.ecommerce.users.UsersService;
import io.github.moleculerspring.test.autoconfigure.MoleculerTest;
import io.github.moleculerspring.test.tester.MoleculerTester;
import io.github.moleculerspring.test.tester.RecordedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code greeter} and {@code stats} services in a {@link MoleculerTest @MoleculerTest} slice of
 * the shop: no web server, no database, none of the shop's database-backed services, and a private
 * in-JVM broker.
 */
@MoleculerTest(services = { GreeterService.class, WelcomeStatsService.class })
class GreeterServiceTests {

	@Autowired
	private MoleculerTester tester;

	@Autowired
	private ApplicationContext context;

	@Test
	void helloAnswers() {
		assertThat(this.tester.call("greeter.hello", null, String.class)).isEqualTo("Hello Moleculer");
	}

	@Test
	void welcomeEmitsWelcomedAndStatsCountsIt() {
		assertThat(this.tester.call("greeter.welcome", Map.of("name", "Ada"), String.class)).isEqualTo("Welcome, Ada");
		RecordedEvent welcomed = this.tester.events().await(GreeterService.WELCOMED, Duration.ofSeconds(5));
		assertThat(welcomed.payload(Welcomed.class)).isEqualTo(new Welcomed("Ada"));
		assertThat(welcomed.caller()).isEqualTo("greeter");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(welcomedCounts()).isEqualTo(Map.of("Ada", 1L)));
	}

	@Test
	void blankNameIsAValidationError() {
		ValidationError error = this.tester.callExpectingError("greeter.welcome", Map.of("name", " "),
				ValidationError.class);
		assertThat(error.getCode()).isEqualTo(422);
		assertThat(error.getViolations()).extracting(ValidationError.Violation::field).containsExactly("name");
		this.tester.events().assertNotReceived(GreeterService.WELCOMED, Duration.ofMillis(100));
	}

	@Test
	void databaseBackedServicesAreLeftOut() {
		assertThat(this.context.getBeansOfType(DataSource.class)).isEmpty();
		assertThat(this.context.getBeansOfType(UsersService.class)).isEmpty();
		assertThat(this.tester.callExpectingError("users.get", Map.of("id", "u-1")))
			.isInstanceOf(ServiceNotFoundError.class);
	}

	private Map<?, ?> welcomedCounts() {
		return this.tester.call("stats.welcomed", null, Map.class);
	}

}
