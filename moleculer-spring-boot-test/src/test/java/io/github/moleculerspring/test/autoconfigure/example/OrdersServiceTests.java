package io.github.moleculerspring.test.autoconfigure.example;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.test.autoconfigure.MoleculerTest;
import io.github.moleculerspring.test.tester.MoleculerTester;
import io.github.moleculerspring.test.tester.RecordedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The README's "Testing your services" example, run: {@code orders} under test, and the
 * {@code inventory} service it calls replaced by a {@code @MoleculerService} test double from a
 * nested {@link TestConfiguration @TestConfiguration}, the Spring way.
 */
@MoleculerTest(services = OrdersService.class, properties = "moleculer.request-timeout=2000")
class OrdersServiceTests {

	@Autowired
	private MoleculerTester tester;

	@Autowired
	private FakeInventoryService inventory;

	@Test
	void placeReservesStockAndEmitsOrderPlaced() {
		Order order = this.tester.call("orders.place", Map.of("sku", "MUG-1", "quantity", 2), Order.class);
		assertThat(order.status()).isEqualTo("PLACED");
		assertThat(this.inventory.reserved).containsExactly("MUG-1 x 2");

		RecordedEvent placed = this.tester.events().await("order.placed", Duration.ofSeconds(5));
		assertThat(placed.payload(Order.class).id()).isEqualTo(order.id());
	}

	@Test
	void badQuantityIsAValidationError() {
		ValidationError error = this.tester.callExpectingError("orders.place", Map.of("sku", "MUG-1", "quantity", 0),
				ValidationError.class);
		assertThat(error.getViolations()).extracting(ValidationError.Violation::field).containsExactly("quantity");
		assertThatExceptionOfType(ValidationError.class)
			.isThrownBy(() -> this.tester.call("orders.place", Map.of("sku", "", "quantity", 1)));
	}

	@Test
	void soldOutFailsWithTheInventoryError() {
		assertThatExceptionOfType(MoleculerClientError.class)
			.isThrownBy(() -> this.tester.call("orders.place", Map.of("sku", "SOLD-OUT", "quantity", 1)))
			.satisfies((error) -> assertThat(error.getType()).isEqualTo("OUT_OF_STOCK"))
			.satisfies((error) -> assertThat(error.getCode()).isEqualTo(409));
		this.tester.events().assertNotReceived("order.placed", Duration.ofMillis(100));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Doubles {

		@Bean
		FakeInventoryService fakeInventoryService() {
			return new FakeInventoryService();
		}

	}

	/** Stands in for the real {@code inventory} service. */
	@MoleculerService("inventory")
	static class FakeInventoryService {

		final List<String> reserved = new CopyOnWriteArrayList<>();

		@Action
		Map<String, Object> reserve(@Param("sku") String sku, @Param("quantity") int quantity) {
			if (sku.equals("SOLD-OUT")) {
				throw new MoleculerClientError("No stock for " + sku, 409, "OUT_OF_STOCK", Map.of("sku", sku));
			}
			this.reserved.add(sku + " x " + quantity);
			return Map.of("sku", sku, "quantity", quantity);
		}

	}

}
