package io.github.moleculerspring.sample.ecommerce.orders;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import io.github.moleculerspring.sample.ecommerce.shop.Db;
import io.github.moleculerspring.sample.ecommerce.shop.Errors;
import io.github.moleculerspring.sample.ecommerce.shop.Migrations;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code orders} service, with its own {@code orders} and {@code order_items} tables.
 * <p>
 * {@code orders.create} runs a saga over the other services with {@code ctx.call}, so the
 * requestID of the HTTP request follows every step: the user must exist and be active
 * ({@code users.get}), the stock is reserved ({@code inventory.reserve}), the card charged
 * ({@code payments.charge}) and the order confirmed. When a step fails, the steps done are undone
 * (refund, release), the order is recorded {@code FAILED} with the reason, and the caller gets the
 * step's error (with the order id in its data). {@code orders.cancel} refunds and releases a
 * {@code CONFIRMED} order. Each step is idempotent per order id, so retries are safe.
 */
@MoleculerService("orders")
@ConditionalOnShopService("orders")
public class OrdersService {

	/** Emitted when an order is placed (status PENDING). */
	public static final String CREATED = "order.created";

	/** Emitted when an order is paid and its stock held. */
	public static final String CONFIRMED = "order.confirmed";

	/** Emitted when the saga of an order failed and was compensated. */
	public static final String FAILED = "order.failed";

	/** Emitted when a confirmed order was cancelled, refunded and its stock released. */
	public static final String CANCELLED = "order.cancelled";

	private static final Logger logger = LoggerFactory.getLogger(OrdersService.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	public OrdersService(DataSource dataSource, PlatformTransactionManager transactionManager) {
		Migrations.migrate(dataSource, "orders");
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Action(rest = "POST /", description = "Places an order: checks the user, reserves stock, charges the card")
	public Order create(Context ctx, NewOrder params) {
		String id = UUID.randomUUID().toString();
		Timestamp now = Db.now();
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("INSERT INTO orders (id, user_id, status, created_at, updated_at) VALUES (?, ?, 'PENDING', ?, ?)")
				.params(id, params.userId(), now, now)
				.update();
			Map<String, Integer> lines = new LinkedHashMap<>();
			params.items().forEach((item) -> lines.merge(item.productId(), item.quantity(), Integer::sum));
			lines.forEach((productId, quantity) -> this.jdbc
				.sql("INSERT INTO order_items (order_id, product_id, quantity) VALUES (?, ?, ?)")
				.params(id, productId, quantity)
				.update());
		});
		Order order = find(id);
		ctx.emit(CREATED, order);
		boolean reserved = false;
		boolean charging = false;
		try {
			Map<?, ?> user = await(ctx.call("users.get", Map.of("id", params.userId()), Map.class));
			if (!Boolean.TRUE.equals(user.get("active"))) {
				throw Errors.unprocessable("User " + params.userId() + " is not active", "USER_INACTIVE",
						Map.of("userId", params.userId()));
			}
			List<Map<String, Object>> items = order.items()
				.stream()
				.map((line) -> Map.<String, Object>of("productId", line.productId(), "quantity", line.quantity()))
				.toList();
			reserved = true;
			Map<?, ?> reservation = await(
					ctx.call("inventory.reserve", Map.of("orderId", id, "items", items), Map.class));
			BigDecimal amount = new BigDecimal(String.valueOf(reservation.get("amount")));
			charging = true;
			Map<?, ?> payment = await(ctx.call("payments.charge", Map.of("orderId", id, "userId", params.userId(),
					"amount", amount, "cardNumber", params.cardNumber()), Map.class));
			this.jdbc
				.sql("UPDATE orders SET status = 'CONFIRMED', total = ?, payment_id = ?, updated_at = ? WHERE id = ?")
				.params(amount, payment.get("id"), Db.now(), id)
				.update();
			Order confirmed = find(id);
			logger.info("Confirmed order {} for {}", id, amount);
			ctx.emit(CONFIRMED, confirmed);
			return confirmed;
		}
		catch (RuntimeException ex) {
			MoleculerError cause = asMoleculerError(ex);
			boolean declined = "PAYMENT_DECLINED".equals(cause.getType());
			if (charging && !declined) {
				// The charge may have happened before the failure (a timeout): refund whatever was charged.
				compensate(ctx, "payments.refund", id);
			}
			if (reserved) {
				compensate(ctx, "inventory.release", id);
			}
			this.jdbc.sql("UPDATE orders SET status = 'FAILED', reason = ?, updated_at = ? WHERE id = ?")
				.params(truncate(cause.getMessage()), Db.now(), id)
				.update();
			Order failed = find(id);
			logger.info("Order {} failed: {}", id, cause.getMessage());
			ctx.emit(FAILED, failed);
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("orderId", id);
			data.put("status", "FAILED");
			data.put("reason", cause.getMessage());
			if (cause.getData() != null) {
				data.put("cause", cause.getData());
			}
			// Not retryable: a retried orders.create would place another order.
			throw MoleculerError.named(cause.getName(), "Order " + id + " failed: " + cause.getMessage(),
					cause.getCode(), cause.getType(), data, false);
		}
	}

	@Action(rest = "POST /:id/cancel", description = "Cancels a confirmed order: refunds it and releases its stock")
	public Order cancel(Context ctx, @Param("id") @NotBlank String id) {
		Order order = find(id);
		if (!"CONFIRMED".equals(order.status())) {
			throw Errors.conflict("Order " + id + " is " + order.status() + "; only a CONFIRMED order can be cancelled",
					"ORDER_NOT_CANCELLABLE", Map.of("orderId", id, "status", order.status()));
		}
		// Both steps are idempotent: a cancel that failed half-way can simply be repeated.
		await(ctx.call("payments.refund", Map.of("orderId", id)));
		await(ctx.call("inventory.release", Map.of("orderId", id)));
		int changed = this.jdbc
			.sql("UPDATE orders SET status = 'CANCELLED', updated_at = ? WHERE id = ? AND status = 'CONFIRMED'")
			.params(Db.now(), id)
			.update();
		Order cancelled = find(id);
		if (changed == 1) {
			ctx.emit(CANCELLED, cancelled);
		}
		return cancelled;
	}

	@Action(rest = "GET /:id", description = "Returns an order")
	public Order get(@Param("id") @NotBlank String id) {
		return find(id);
	}

	@Action(rest = "GET /", description = "Lists the orders, oldest first, optionally of one user")
	public List<Order> list(@Param(value = "userId", required = false) @Nullable String userId) {
		List<String> ids = (userId != null)
				? this.jdbc.sql("SELECT id FROM orders WHERE user_id = ? ORDER BY created_at, id")
					.param(userId)
					.query(String.class)
					.list()
				: this.jdbc.sql("SELECT id FROM orders ORDER BY created_at, id").query(String.class).list();
		return ids.stream().map(this::find).toList();
	}

	@Action(description = "Asks the shipping service (Moleculer.js) for a quote of an order")
	public Object shipping(Context ctx, @Param("id") @NotBlank String id) {
		Order order = find(id);
		return await(ctx.call("shipping.quote", Map.of("orderId", order.id(), "items", order.items())));
	}

	private void compensate(Context ctx, String action, String orderId) {
		try {
			await(ctx.call(action, Map.of("orderId", orderId)));
		}
		catch (RuntimeException ex) {
			MoleculerError error = asMoleculerError(ex);
			if (error.getCode() != 404) {
				logger.warn("Compensation {} of order {} failed: {}", action, orderId, error.getMessage());
			}
		}
	}

	private Order find(String id) {
		RowMapper<Order> mapper = (rs, row) -> new Order(rs.getString("id"), rs.getString("user_id"),
				rs.getString("status"), rs.getBigDecimal("total"), rs.getString("payment_id"), rs.getString("reason"),
				lines(id), Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
		return this.jdbc.sql("SELECT * FROM orders WHERE id = ?")
			.param(id)
			.query(mapper)
			.optional()
			.orElseThrow(() -> Errors.notFound("Order", id));
	}

	private List<Order.Line> lines(String id) {
		return this.jdbc.sql("SELECT product_id, quantity FROM order_items WHERE order_id = ? ORDER BY product_id")
			.param(id)
			.query((rs, row) -> new Order.Line(rs.getString("product_id"), rs.getInt("quantity")))
			.list();
	}

	private static String truncate(String message) {
		return (message.length() > 500) ? message.substring(0, 500) : message;
	}

	private static <T> T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MoleculerServerError("Interrupted", 500, "INTERRUPTED", null);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new CompletionException(cause);
		}
	}

	private static MoleculerError asMoleculerError(Throwable ex) {
		Throwable current = ex;
		while (current instanceof CompletionException && current.getCause() != null) {
			current = current.getCause();
		}
		if (current instanceof MoleculerError error) {
			return error;
		}
		return new MoleculerServerError(String.valueOf(current.getMessage()), 500, "SAGA_STEP_FAILED", null);
	}

	/**
	 * The params of {@code orders.create}.
	 * @param userId the customer
	 * @param items the lines
	 * @param cardNumber the card to charge, 12 to 19 digits
	 */
	public record NewOrder(@NotBlank String userId, @NotEmpty List<@Valid @NotNull Item> items,
			@NotNull @Pattern(regexp = "\\d{12,19}") String cardNumber) {
	}

	/**
	 * An order line.
	 * @param productId the product
	 * @param quantity the units, at least 1
	 */
	public record Item(@NotBlank String productId, @NotNull @Positive Integer quantity) {
	}

}
