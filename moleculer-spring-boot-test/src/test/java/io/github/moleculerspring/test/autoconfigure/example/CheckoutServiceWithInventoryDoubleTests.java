package io.github.moleculerspring.test.autoconfigure.example;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.test.autoconfigure.MoleculerTest;
import io.github.moleculerspring.test.autoconfigure.example.CheckoutService.Reservation;
import io.github.moleculerspring.test.tester.MoleculerTester;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service under test calls {@code inventory}, which is not in the slice: a nested
 * {@link TestConfiguration @TestConfiguration} registers a {@code @MoleculerService} test double
 * for it, the Spring way.
 */
@MoleculerTest(services = CheckoutService.class)
class CheckoutServiceWithInventoryDoubleTests {

	@Autowired
	private MoleculerTester tester;

	@Autowired
	private FakeInventoryService inventory;

	@Test
	void placeReservesWithTheInventoryDouble() {
		Reservation reservation = this.tester.call("checkout.place", Map.of("sku", "MUG-1", "quantity", 2),
				Reservation.class);
		assertThat(reservation).isEqualTo(new Reservation("MUG-1", 2, "r-MUG-1"));
		assertThat(this.inventory.requests).contains("MUG-1 x 2");
	}

	@Test
	void errorOfTheDoublePassesThroughTheServiceUnderTest() {
		MoleculerError error = this.tester.callExpectingError("checkout.place",
				Map.of("sku", FakeInventoryService.SOLD_OUT, "quantity", 1));
		assertThat(error).isInstanceOf(MoleculerClientError.class);
		assertThat(error.getCode()).isEqualTo(409);
		assertThat(error.getType()).isEqualTo("OUT_OF_STOCK");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InventoryDouble {

		@Bean
		FakeInventoryService fakeInventoryService() {
			return new FakeInventoryService();
		}

	}

	/** Stands in for the real {@code inventory} service. */
	@MoleculerService("inventory")
	static class FakeInventoryService {

		static final String SOLD_OUT = "SOLD-OUT";

		final List<String> requests = new CopyOnWriteArrayList<>();

		@Action
		Map<String, Object> reserve(@Param("sku") String sku, @Param("quantity") int quantity) {
			this.requests.add(sku + " x " + quantity);
			if (SOLD_OUT.equals(sku)) {
				throw new MoleculerClientError("No stock left for " + sku, 409, "OUT_OF_STOCK", Map.of("sku", sku));
			}
			return Map.of("sku", sku, "quantity", quantity, "reservationId", "r-" + sku);
		}

	}

}
