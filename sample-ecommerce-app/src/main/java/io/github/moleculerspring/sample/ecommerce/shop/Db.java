package io.github.moleculerspring.sample.ecommerce.shop;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Small JDBC conversions shared by the services (timestamps as {@link Timestamp}, which both H2 and
 * PostgreSQL accept).
 */
public final class Db {

	private Db() {
	}

	/**
	 * The current time, truncated to milliseconds as the databases keep it.
	 * @return now
	 */
	public static Timestamp now() {
		return Timestamp.from(Instant.ofEpochMilli(System.currentTimeMillis()));
	}

	/**
	 * Reads a timestamp column.
	 * @param rs the row
	 * @param column the column
	 * @return the instant, or {@code null}
	 * @throws SQLException on a read failure
	 */
	public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
