package io.github.moleculerspring.sample.ecommerce.notifications;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import io.github.moleculerspring.sample.ecommerce.shop.Db;
import io.github.moleculerspring.sample.ecommerce.shop.Migrations;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code notifications} service: it listens to the user, payment and order events in the
 * balanced group {@code notifications}, so with several replicas each event is handled once, and
 * records the message it would send (e-mail, push) in its own {@code notifications} table.
 */
@MoleculerService("notifications")
@ConditionalOnShopService("notifications")
public class NotificationsService {

	/** The balanced event group: one replica handles each event. */
	public static final String GROUP = "notifications";

	private final JdbcClient jdbc;

	public NotificationsService(DataSource dataSource) {
		Migrations.migrate(dataSource, "notifications");
		this.jdbc = JdbcClient.create(dataSource);
	}

	@Event(value = "user.created", group = GROUP)
	public void userCreated(Context ctx) {
		Map<?, ?> user = ctx.params(Map.class);
		record(ctx, string(user, "id"), null, "Welcome to the shop, " + user.get("name") + "!");
	}

	@Event(value = "user.updated", group = GROUP)
	public void userUpdated(Context ctx) {
		Map<?, ?> user = ctx.params(Map.class);
		record(ctx, string(user, "id"), null, "Your account was updated (active: " + user.get("active") + ").");
	}

	@Event(value = "payment.completed", group = GROUP)
	public void paymentCompleted(Context ctx) {
		Map<?, ?> payment = ctx.params(Map.class);
		record(ctx, string(payment, "userId"), string(payment, "orderId"), "We charged " + payment.get("amount") + ".");
	}

	@Event(value = "payment.failed", group = GROUP)
	public void paymentFailed(Context ctx) {
		Map<?, ?> payment = ctx.params(Map.class);
		record(ctx, string(payment, "userId"), string(payment, "orderId"),
				"Your payment was declined: " + payment.get("reason"));
	}

	@Event(value = "payment.refunded", group = GROUP)
	public void paymentRefunded(Context ctx) {
		Map<?, ?> payment = ctx.params(Map.class);
		record(ctx, string(payment, "userId"), string(payment, "orderId"), "We refunded " + payment.get("amount") + ".");
	}

	@Event(value = "order.created", group = GROUP)
	public void orderCreated(Context ctx) {
		Map<?, ?> order = ctx.params(Map.class);
		record(ctx, string(order, "userId"), string(order, "id"), "We received your order.");
	}

	@Event(value = "order.confirmed", group = GROUP)
	public void orderConfirmed(Context ctx) {
		Map<?, ?> order = ctx.params(Map.class);
		record(ctx, string(order, "userId"), string(order, "id"),
				"Your order is confirmed, total " + order.get("total") + ".");
	}

	@Event(value = "order.failed", group = GROUP)
	public void orderFailed(Context ctx) {
		Map<?, ?> order = ctx.params(Map.class);
		record(ctx, string(order, "userId"), string(order, "id"), "Your order failed: " + order.get("reason"));
	}

	@Event(value = "order.cancelled", group = GROUP)
	public void orderCancelled(Context ctx) {
		Map<?, ?> order = ctx.params(Map.class);
		record(ctx, string(order, "userId"), string(order, "id"), "Your order was cancelled and refunded.");
	}

	@Action(rest = "GET /", description = "Lists the recorded notifications, oldest first, optionally of one user")
	public List<Notification> list(@Param(value = "userId", required = false) @Nullable String userId) {
		String sql = "SELECT * FROM notifications" + ((userId != null) ? " WHERE user_id = :userId" : "")
				+ " ORDER BY created_at, id";
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql);
		if (userId != null) {
			statement = statement.param("userId", userId);
		}
		return statement
			.query((rs, row) -> new Notification(rs.getString("id"), rs.getString("event"), rs.getString("user_id"),
					rs.getString("order_id"), rs.getString("message"), Db.instant(rs, "created_at")))
			.list();
	}

	private void record(Context ctx, @Nullable String userId, @Nullable String orderId, String message) {
		String text = (message.length() > 500) ? message.substring(0, 500) : message;
		this.jdbc
			.sql("INSERT INTO notifications (id, event, user_id, order_id, message, created_at) VALUES (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID().toString(), String.valueOf(ctx.eventName()), userId, orderId, text, Db.now())
			.update();
	}

	private static @Nullable String string(Map<?, ?> map, String key) {
		Object value = map.get(key);
		return (value != null) ? value.toString() : null;
	}

}
