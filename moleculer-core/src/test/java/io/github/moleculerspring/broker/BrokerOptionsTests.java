package io.github.moleculerspring.broker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BrokerOptions}: values out of range are rejected with the option's name, never
 * silently changed.
 */
class BrokerOptionsTests {

	@Test
	void negativeDurationsAreRejectedNamingTheOption() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BrokerOptions.builder().requestTimeout(Duration.ofMillis(-5)))
			.withMessage("requestTimeout must not be negative (0 means no timeout), not PT-0.005S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BrokerOptions.builder().heartbeatInterval(Duration.ofSeconds(-10)))
			.withMessageStartingWith("heartbeatInterval must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BrokerOptions.builder().heartbeatTimeout(Duration.ofSeconds(-1)))
			.withMessageStartingWith("heartbeatTimeout must not be negative");
	}

	@Test
	void countsOutOfRangeAreRejectedInsteadOfClamped() {
		assertThatIllegalArgumentException().isThrownBy(() -> BrokerOptions.builder().maxCallLevel(-1))
			.withMessage("maxCallLevel must not be negative (0 means no limit), not -1");
		assertThatIllegalArgumentException().isThrownBy(() -> BrokerOptions.builder().incomingQueueSize(0))
			.withMessage("incomingQueueSize must be at least 1, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BrokerOptions.builder().incomingEventQueueSize(0))
			.withMessage("incomingEventQueueSize must be at least 1, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BrokerOptions.builder().transitMaxQueueSize(0))
			.withMessage("transitMaxQueueSize must be at least 1, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BrokerOptions.builder().workerThreads(0))
			.withMessage("workerThreads must be at least 1, not 0");
	}

	@Test
	void boundaryValuesAreKeptAsGiven() {
		BrokerOptions options = BrokerOptions.builder()
			.requestTimeout(Duration.ZERO)
			.maxCallLevel(0)
			.heartbeatInterval(Duration.ZERO)
			.heartbeatTimeout(Duration.ZERO)
			.incomingQueueSize(1)
			.transitMaxQueueSize(1)
			.workerThreads(1)
			.build();
		assertThat(options.requestTimeout()).isZero();
		assertThat(options.maxCallLevel()).isZero();
		assertThat(options.heartbeatInterval()).isZero();
		assertThat(options.incomingQueueSize()).isEqualTo(1);
		assertThat(options.transitMaxQueueSize()).isEqualTo(1);
		assertThat(options.workerThreads()).isEqualTo(1);
	}

}
