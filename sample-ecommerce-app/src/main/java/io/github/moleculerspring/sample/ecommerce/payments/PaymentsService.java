package io.github.moleculerspring.sample.ecommerce.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import io.github.moleculerspring.sample.ecommerce.shop.Db;
import io.github.moleculerspring.sample.ecommerce.shop.Errors;
import io.github.moleculerspring.sample.ecommerce.shop.Migrations;
import io.github.moleculerspring.sample.ecommerce.shop.ShopProperties;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code payments} service: charges and refunds through a {@link PaymentProvider}, with the fee
 * ({@code shop.payments.fee-percent} % + {@code shop.payments.fee-fixed}) recorded in its own
 * {@code payments} table. One payment per order: charging or refunding an order again returns the
 * recorded payment, so the order saga can retry safely, also against another replica sharing the
 * database. A decline is a {@code PAYMENT_DECLINED} client error with code 402.
 */
@MoleculerService("payments")
@ConditionalOnShopService("payments")
public class PaymentsService {

	/** Emitted after a successful charge, with the {@link Payment}. */
	public static final String COMPLETED = "payment.completed";

	/** Emitted after a declined charge, with the {@link Payment}. */
	public static final String FAILED = "payment.failed";

	/** Emitted after a refund, with the {@link Payment}. */
	public static final String REFUNDED = "payment.refunded";

	private static final Logger logger = LoggerFactory.getLogger(PaymentsService.class);

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private static final RowMapper<Payment> PAYMENT = (rs, row) -> new Payment(rs.getString("id"),
			rs.getString("order_id"), rs.getString("user_id"), rs.getBigDecimal("amount"), rs.getBigDecimal("fee"),
			rs.getString("status"), rs.getString("reason"), rs.getString("card_last4"));

	private final JdbcClient jdbc;

	private final PaymentProvider provider;

	private final ShopProperties.Payments settings;

	public PaymentsService(DataSource dataSource, PaymentProvider provider, ShopProperties properties) {
		Migrations.migrate(dataSource, "payments");
		this.jdbc = JdbcClient.create(dataSource);
		this.provider = provider;
		this.settings = properties.getPayments();
	}

	@Action(description = "Charges an order once; a decline fails with PAYMENT_DECLINED (402)")
	public Payment charge(Context ctx, ChargeRequest params) {
		Optional<Payment> existing = find(params.orderId());
		if (existing.isPresent()) {
			return replay(existing.get());
		}
		PaymentProvider.Outcome outcome = this.provider.charge(params.orderId(), params.amount(), params.cardNumber());
		BigDecimal fee = outcome.approved() ? fee(params.amount()) : BigDecimal.ZERO.setScale(2);
		String status = outcome.approved() ? "COMPLETED" : "DECLINED";
		Timestamp now = Db.now();
		try {
			this.jdbc.sql("INSERT INTO payments (order_id, id, user_id, amount, fee, status, reason, card_last4, "
					+ "transaction_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(params.orderId(), UUID.randomUUID().toString(), params.userId(), params.amount(), fee, status,
						outcome.declineReason(), params.cardNumber().substring(params.cardNumber().length() - 4),
						outcome.transactionId(), now, now)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// A concurrent charge of the same order (a retry on another replica) was recorded first.
			if (outcome.approved()) {
				this.provider.refund(outcome.transactionId(), params.amount());
			}
			return replay(find(params.orderId()).orElseThrow(() -> ex));
		}
		Payment payment = find(params.orderId()).orElseThrow();
		if (!outcome.approved()) {
			logger.info("Declined order {}: {}", params.orderId(), outcome.declineReason());
			ctx.emit(FAILED, payment);
			throw declined(payment);
		}
		logger.info("Charged {} (fee {}) for order {}", payment.amount(), payment.fee(), payment.orderId());
		ctx.emit(COMPLETED, payment);
		return payment;
	}

	@Action(description = "Refunds the payment of an order in full; refunding again returns the refunded payment")
	public Payment refund(Context ctx, @Param("orderId") @NotBlank String orderId) {
		Payment payment = find(orderId).orElseThrow(() -> Errors.notFound("Payment", orderId));
		if ("REFUNDED".equals(payment.status())) {
			return payment;
		}
		if (!"COMPLETED".equals(payment.status())) {
			throw Errors.conflict("Payment of order " + orderId + " is " + payment.status() + ", not refundable",
					"PAYMENT_NOT_REFUNDABLE", Map.of("orderId", orderId, "status", payment.status()));
		}
		int changed = this.jdbc
			.sql("UPDATE payments SET status = 'REFUNDED', updated_at = ? WHERE order_id = ? AND status = 'COMPLETED'")
			.params(Db.now(), orderId)
			.update();
		Payment refunded = find(orderId).orElseThrow();
		if (changed == 1) {
			this.provider.refund(transactionId(orderId), payment.amount());
			ctx.emit(REFUNDED, refunded);
		}
		return refunded;
	}

	@Action(description = "Returns the payment of an order")
	public Payment get(@Param("orderId") @NotBlank String orderId) {
		return find(orderId).orElseThrow(() -> Errors.notFound("Payment", orderId));
	}

	@Action(description = "Lists the payments, newest first")
	public List<Payment> list() {
		return this.jdbc.sql("SELECT * FROM payments ORDER BY created_at DESC, id").query(PAYMENT).list();
	}

	BigDecimal fee(BigDecimal amount) {
		return amount.multiply(this.settings.getFeePercent())
			.divide(HUNDRED)
			.add(this.settings.getFeeFixed())
			.setScale(2, RoundingMode.HALF_UP);
	}

	private Payment replay(Payment payment) {
		if ("DECLINED".equals(payment.status())) {
			throw declined(payment);
		}
		return payment;
	}

	private static MoleculerClientError declined(Payment payment) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("orderId", payment.orderId());
		data.put("paymentId", payment.id());
		data.put("reason", payment.reason());
		return new MoleculerClientError("Payment declined: " + payment.reason(), 402, "PAYMENT_DECLINED", data);
	}

	private String transactionId(String orderId) {
		return this.jdbc.sql("SELECT transaction_id FROM payments WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.single();
	}

	private Optional<Payment> find(String orderId) {
		return this.jdbc.sql("SELECT * FROM payments WHERE order_id = ?").param(orderId).query(PAYMENT).optional();
	}

	/**
	 * The params of {@code payments.charge}.
	 * @param orderId the order (one payment per order)
	 * @param userId the paying user
	 * @param amount the amount
	 * @param cardNumber the card number, 12 to 19 digits
	 */
	public record ChargeRequest(@NotBlank String orderId, @NotBlank String userId,
			@NotNull @DecimalMin("0.01") BigDecimal amount, @NotNull @Pattern(regexp = "\\d{12,19}") String cardNumber) {
	}

}
