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

import org.springframework.data.jdbc.core.JdbcAggregateTemplate;

/**
 * The {@code notifications} service: it listens to the user, payment and order events in the
 * balanced group {@code notifications}, so with several replicas each event is handled once, and
 * records the message it would send (e-mail, push) in its own {@code notification} table, through
 * Spring Data JDBC ({@link NotificationRepository}).
 */
@MoleculerService("notifications")
@ConditionalOnShopService("notifications")
public class NotificationsService {

	/** The balanced event group: one replica handles each event. */
	public static final String GROUP = "notifications";

	private final NotificationRepository repository;

	private final JdbcAggregateTemplate aggregates;

	public NotificationsService(DataSource dataSource, NotificationRepository repository,
			JdbcAggregateTemplate aggregates) {
		Migrations.migrate(dataSource, "notifications");
		this.repository = repository;
		this.aggregates = aggregates;
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
		return (userId != null) ? this.repository.findByUserIdOrderByCreatedAtAscIdAsc(userId)
				: this.repository.findAllByOrderByCreatedAtAscIdAsc();
	}

	private void record(Context ctx, @Nullable String userId, @Nullable String orderId, String message) {
		String text = (message.length() > 500) ? message.substring(0, 500) : message;
		// insert, not save: the id is assigned here, so save would try an update.
		this.aggregates.insert(new Notification(UUID.randomUUID().toString(), String.valueOf(ctx.eventName()), userId,
				orderId, text, Db.now().toInstant()));
	}

	private static @Nullable String string(Map<?, ?> map, String key) {
		Object value = map.get(key);
		return (value != null) ? value.toString() : null;
	}

}
