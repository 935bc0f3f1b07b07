package io.github.moleculerspring.sample.ecommerce.users;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import io.github.moleculerspring.sample.ecommerce.shop.Db;
import io.github.moleculerspring.sample.ecommerce.shop.Errors;
import io.github.moleculerspring.sample.ecommerce.shop.Migrations;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code users} service: creates, reads, updates, activates and deactivates customer accounts,
 * stored in its own {@code users} table. It emits {@code user.created} and {@code user.updated} so
 * other services (notifications) learn about changes without reading its table.
 */
@MoleculerService("users")
@ConditionalOnShopService("users")
public class UsersService {

	/** Emitted after a user is created, with the {@link User}. */
	public static final String CREATED = "user.created";

	/** Emitted after a user is changed (including activation), with the {@link User}. */
	public static final String UPDATED = "user.updated";

	private static final Logger logger = LoggerFactory.getLogger(UsersService.class);

	private static final RowMapper<User> USER = (rs, row) -> new User(rs.getString("id"), rs.getString("email"),
			rs.getString("name"), rs.getBoolean("active"), Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));

	private final JdbcClient jdbc;

	public UsersService(DataSource dataSource) {
		Migrations.migrate(dataSource, "users");
		this.jdbc = JdbcClient.create(dataSource);
	}

	@Action(rest = "POST /", description = "Creates an active user; the email must be unique")
	public User create(Context ctx, NewUser params) {
		String id = UUID.randomUUID().toString();
		Timestamp now = Db.now();
		try {
			this.jdbc
				.sql("INSERT INTO users (id, email, name, active, created_at, updated_at) VALUES (?, ?, ?, TRUE, ?, ?)")
				.params(id, params.email().toLowerCase(java.util.Locale.ROOT), params.name(), now, now)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw Errors.conflict("Email '" + params.email() + "' is already registered", "EMAIL_TAKEN",
					Map.of("email", params.email()));
		}
		User user = find(id);
		logger.info("Created user {}", id);
		ctx.emit(CREATED, user);
		return user;
	}

	@Action(rest = "GET /:id", description = "Returns a user by id")
	public User get(@Param("id") @NotBlank String id) {
		return find(id);
	}

	@Action(rest = "GET /", description = "Lists the users, oldest first")
	public List<User> list() {
		return this.jdbc.sql("SELECT * FROM users ORDER BY created_at, id").query(USER).list();
	}

	@Action(rest = "PUT /:id", description = "Changes a user's email and/or name")
	public User update(Context ctx, UserChanges params) {
		User user = find(params.id());
		String email = (params.email() != null) ? params.email().toLowerCase(java.util.Locale.ROOT) : user.email();
		String name = (params.name() != null) ? params.name() : user.name();
		try {
			this.jdbc.sql("UPDATE users SET email = ?, name = ?, updated_at = ? WHERE id = ?")
				.params(email, name, Db.now(), user.id())
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw Errors.conflict("Email '" + email + "' is already registered", "EMAIL_TAKEN", Map.of("email", email));
		}
		User updated = find(user.id());
		ctx.emit(UPDATED, updated);
		return updated;
	}

	@Action(rest = "POST /:id/activate", description = "Allows a user to place orders")
	public User activate(Context ctx, @Param("id") @NotBlank String id) {
		return setActive(ctx, id, true);
	}

	@Action(rest = "POST /:id/deactivate", description = "Stops a user from placing orders")
	public User deactivate(Context ctx, @Param("id") @NotBlank String id) {
		return setActive(ctx, id, false);
	}

	private User setActive(Context ctx, String id, boolean active) {
		User user = find(id);
		if (user.active() == active) {
			return user;
		}
		this.jdbc.sql("UPDATE users SET active = ?, updated_at = ? WHERE id = ?").params(active, Db.now(), id).update();
		User updated = find(id);
		ctx.emit(UPDATED, updated);
		return updated;
	}

	private User find(String id) {
		return this.jdbc.sql("SELECT * FROM users WHERE id = ?")
			.param(id)
			.query(USER)
			.optional()
			.orElseThrow(() -> Errors.notFound("User", id));
	}

	/**
	 * The params of {@code users.create}.
	 * @param email the email address
	 * @param name the display name
	 */
	public record NewUser(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String name) {
	}

	/**
	 * The params of {@code users.update}: absent fields stay as they are.
	 * @param id the user
	 * @param email the new email address
	 * @param name the new display name
	 */
	public record UserChanges(@NotBlank String id, @Email @Size(max = 254) @Nullable String email,
			@Size(min = 1, max = 200) @Nullable String name) {
	}

}
