package io.github.moleculerspring.sample.ecommerce.inventory;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import io.github.moleculerspring.sample.ecommerce.shop.Db;
import io.github.moleculerspring.sample.ecommerce.shop.Errors;
import io.github.moleculerspring.sample.ecommerce.shop.Migrations;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code inventory} service: products with stock, and stock reservations per order in its own
 * {@code products}, {@code reservations} and {@code reservation_items} tables.
 * <p>
 * {@code reserve} and {@code release} are idempotent per order id, because the order saga may
 * retry them (a retried call after a timeout, a redelivered compensation): reserving twice for the
 * same order reserves once, and releasing an unknown or released order changes nothing.
 */
@MoleculerService("inventory")
@ConditionalOnShopService("inventory")
public class InventoryService {

	private static final Logger logger = LoggerFactory.getLogger(InventoryService.class);

	private static final RowMapper<Product> PRODUCT = (rs, row) -> new Product(rs.getString("id"), rs.getString("sku"),
			rs.getString("name"), rs.getBigDecimal("price"), rs.getInt("stock"));

	private static final RowMapper<Reservation.Line> LINE = (rs, row) -> new Reservation.Line(
			rs.getString("product_id"), rs.getInt("quantity"), rs.getBigDecimal("unit_price"));

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	public InventoryService(DataSource dataSource, PlatformTransactionManager transactionManager) {
		Migrations.migrate(dataSource, "inventory");
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Action(rest = "POST /", description = "Creates a product with its initial stock; the SKU must be unique")
	public Product create(NewProduct params) {
		String id = UUID.randomUUID().toString();
		try {
			this.jdbc.sql("INSERT INTO products (id, sku, name, price, stock, created_at) VALUES (?, ?, ?, ?, ?, ?)")
				.params(id, params.sku(), params.name(), params.price(), params.stock(), Db.now())
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw Errors.conflict("SKU '" + params.sku() + "' already exists", "SKU_TAKEN", Map.of("sku", params.sku()));
		}
		return find(id);
	}

	@Action(rest = "GET /:id", description = "Returns a product with its current stock")
	public Product get(@Param("id") @NotBlank String id) {
		return find(id);
	}

	@Action(rest = "GET /", description = "Lists the products by SKU")
	public List<Product> list() {
		return this.jdbc.sql("SELECT * FROM products ORDER BY sku").query(PRODUCT).list();
	}

	@Action(description = "Holds stock for an order, once per order id; fails with OUT_OF_STOCK and holds nothing "
			+ "when a line cannot be served")
	public Reservation reserve(ReserveRequest params) {
		Optional<Reservation> existing = findReservation(params.orderId());
		if (existing.isPresent()) {
			return existing.get();
		}
		try {
			return this.transactions.execute((status) -> reserveInTransaction(params));
		}
		catch (DuplicateKeyException ex) {
			// A concurrent reserve for the same order won: return what it holds.
			return findReservation(params.orderId()).orElseThrow(() -> ex);
		}
	}

	private Reservation reserveInTransaction(ReserveRequest params) {
		Timestamp now = Db.now();
		// Insert first: the primary key makes a concurrent duplicate fail before stock moves.
		this.jdbc.sql("INSERT INTO reservations (order_id, status, amount, created_at, updated_at) VALUES (?, ?, 0, ?, ?)")
			.params(params.orderId(), "RESERVED", now, now)
			.update();
		Map<String, Integer> quantities = new LinkedHashMap<>();
		for (Item item : params.items()) {
			quantities.merge(item.productId(), item.quantity(), Integer::sum);
		}
		BigDecimal amount = BigDecimal.ZERO;
		for (Map.Entry<String, Integer> line : quantities.entrySet()) {
			Product product = find(line.getKey());
			int updated = this.jdbc.sql("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?")
				.params(line.getValue(), product.id(), line.getValue())
				.update();
			if (updated == 0) {
				// The exception rolls back the reservation and the lines decremented before.
				throw Errors.unprocessable("Not enough stock of " + product.sku() + ": " + line.getValue() + " wanted",
						"OUT_OF_STOCK", Map.of("productId", product.id(), "sku", product.sku(), "requested",
								line.getValue(), "available", find(product.id()).stock()));
			}
			this.jdbc
				.sql("INSERT INTO reservation_items (order_id, product_id, quantity, unit_price) VALUES (?, ?, ?, ?)")
				.params(params.orderId(), product.id(), line.getValue(), product.price())
				.update();
			amount = amount.add(product.price().multiply(BigDecimal.valueOf(line.getValue())));
		}
		this.jdbc.sql("UPDATE reservations SET amount = ? WHERE order_id = ?").params(amount, params.orderId()).update();
		logger.info("Reserved {} for order {}", quantities, params.orderId());
		return findReservation(params.orderId()).orElseThrow();
	}

	@Action(description = "Returns the stock held by an order to the shelves; a no-op for an unknown or released order")
	public Map<String, Object> release(@Param("orderId") @NotBlank String orderId) {
		Boolean released = this.transactions.execute((status) -> {
			int changed = this.jdbc
				.sql("UPDATE reservations SET status = 'RELEASED', updated_at = ? WHERE order_id = ? AND status = 'RESERVED'")
				.params(Db.now(), orderId)
				.update();
			if (changed == 0) {
				return false;
			}
			for (Reservation.Line line : lines(orderId)) {
				this.jdbc.sql("UPDATE products SET stock = stock + ? WHERE id = ?")
					.params(line.quantity(), line.productId())
					.update();
			}
			return true;
		});
		if (Boolean.TRUE.equals(released)) {
			logger.info("Released the stock of order {}", orderId);
		}
		return Map.of("orderId", orderId, "released", Boolean.TRUE.equals(released));
	}

	@Action(description = "Returns the reservation of an order")
	public Reservation reservation(@Param("orderId") @NotBlank String orderId) {
		return findReservation(orderId).orElseThrow(() -> Errors.notFound("Reservation", orderId));
	}

	private Optional<Reservation> findReservation(String orderId) {
		return this.jdbc.sql("SELECT * FROM reservations WHERE order_id = ?")
			.param(orderId)
			.query((rs, row) -> new Reservation(rs.getString("order_id"), rs.getString("status"),
					rs.getBigDecimal("amount"), new ArrayList<>()))
			.optional()
			.map((reservation) -> new Reservation(reservation.orderId(), reservation.status(), reservation.amount(),
					lines(orderId)));
	}

	private List<Reservation.Line> lines(String orderId) {
		return this.jdbc.sql("SELECT * FROM reservation_items WHERE order_id = ? ORDER BY product_id")
			.param(orderId)
			.query(LINE)
			.list();
	}

	private Product find(String id) {
		return this.jdbc.sql("SELECT * FROM products WHERE id = ?")
			.param(id)
			.query(PRODUCT)
			.optional()
			.orElseThrow(() -> Errors.notFound("Product", id));
	}

	/**
	 * The params of {@code inventory.create}.
	 * @param sku the stock-keeping unit
	 * @param name the name
	 * @param price the unit price
	 * @param stock the initial stock
	 */
	public record NewProduct(@NotBlank @Size(max = 64) String sku, @NotBlank @Size(max = 200) String name,
			@NotNull @DecimalMin("0.01") @Digits(integer = 10, fraction = 2) BigDecimal price,
			@NotNull @PositiveOrZero Integer stock) {
	}

	/**
	 * The params of {@code inventory.reserve}.
	 * @param orderId the order the stock is held for
	 * @param items the lines
	 */
	public record ReserveRequest(@NotBlank String orderId, @NotEmpty List<@Valid @NotNull Item> items) {
	}

	/**
	 * An order line.
	 * @param productId the product
	 * @param quantity the units
	 */
	public record Item(@NotBlank String productId, @NotNull @Positive Integer quantity) {
	}

}
