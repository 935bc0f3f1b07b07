package io.github.moleculerspring.sample.ecommerce.shop;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerError;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The saga steps are idempotent per order id, calling the actions through the broker as the
 * {@code orders} service does: a repeated reserve holds stock once, a release of an unknown or
 * released order changes nothing, a repeated charge or refund returns the recorded payment, and
 * over-limit amounts are declined.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShopIdempotencyTests {

	@Autowired
	private ServiceBroker broker;

	@Test
	void reserveAndReleaseAreIdempotentPerOrder() throws Exception {
		String productId = (String) call("inventory.create",
				Map.of("sku", "IDEM-" + UUID.randomUUID(), "name", "Lamp", "price", new BigDecimal("30.00"), "stock", 5)).get("id");
		String orderId = UUID.randomUUID().toString();
		Map<String, Object> reserve = Map.of("orderId", orderId, "items",
				List.of(Map.of("productId", productId, "quantity", 2)));
		Map<String, Object> first = call("inventory.reserve", reserve);
		Map<String, Object> second = call("inventory.reserve", reserve);
		assertThat(second).isEqualTo(first).containsEntry("status", "RESERVED");
		assertThat(stock(productId)).isEqualTo(3);

		assertThat(call("inventory.release", Map.of("orderId", orderId))).containsEntry("released", true);
		assertThat(call("inventory.release", Map.of("orderId", orderId))).containsEntry("released", false);
		assertThat(call("inventory.release", Map.of("orderId", "unknown-order"))).containsEntry("released", false);
		assertThat(stock(productId)).isEqualTo(5);

		MoleculerError error = failure("inventory.reserve", Map.of("orderId", UUID.randomUUID().toString(), "items",
				List.of(Map.of("productId", productId, "quantity", 6))));
		assertThat(error.getCode()).isEqualTo(422);
		assertThat(error.getType()).isEqualTo("OUT_OF_STOCK");
		assertThat(stock(productId)).isEqualTo(5);
	}

	@Test
	void chargeAndRefundAreIdempotentPerOrder() throws Exception {
		String orderId = UUID.randomUUID().toString();
		Map<String, Object> charge = Map.of("orderId", orderId, "userId", "u-1", "amount", new BigDecimal("100.00"), "cardNumber",
				ShopClient.GOOD_CARD);
		Map<String, Object> first = call("payments.charge", charge);
		assertThat(call("payments.charge", charge)).isEqualTo(first);
		assertThat(first).containsEntry("status", "COMPLETED").containsEntry("cardLast4", "4242");
		assertThat(((Number) first.get("fee")).doubleValue()).isEqualTo(3.20);
		assertThat(call("payments.refund", Map.of("orderId", orderId))).containsEntry("status", "REFUNDED");
		assertThat(call("payments.refund", Map.of("orderId", orderId))).containsEntry("status", "REFUNDED");
		assertThat(failure("payments.refund", Map.of("orderId", "unknown-order")).getCode()).isEqualTo(404);
	}

	@Test
	void amountsOverTheLimitAreDeclined() throws Exception {
		String orderId = UUID.randomUUID().toString();
		Map<String, Object> charge = Map.of("orderId", orderId, "userId", "u-1", "amount", new BigDecimal("10000.01"), "cardNumber",
				ShopClient.GOOD_CARD);
		MoleculerError error = failure("payments.charge", charge);
		assertThat(error.getCode()).isEqualTo(402);
		assertThat(error.getType()).isEqualTo("PAYMENT_DECLINED");
		// Charging the declined order again does not reach the provider: the same decline.
		assertThat(failure("payments.charge", charge).getType()).isEqualTo("PAYMENT_DECLINED");
		assertThat(call("payments.get", Map.of("orderId", orderId))).containsEntry("status", "DECLINED");
		assertThat(failure("payments.refund", Map.of("orderId", orderId)).getCode()).isEqualTo(409);
	}

	private int stock(String productId) throws Exception {
		return ((Number) call("inventory.get", Map.of("id", productId)).get("stock")).intValue();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> call(String action, Map<String, Object> params) throws Exception {
		// Through the JSON form, as a remote caller sees it.
		return this.broker.call(action, params, CallOptions.DEFAULT, Map.class).get(10, TimeUnit.SECONDS);
	}

	private MoleculerError failure(String action, Map<String, Object> params) {
		return (MoleculerError) assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.broker.call(action, params).get(10, TimeUnit.SECONDS))
			.actual()
			.getCause();
	}

}
