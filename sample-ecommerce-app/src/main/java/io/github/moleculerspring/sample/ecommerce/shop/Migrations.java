package io.github.moleculerspring.sample.ecommerce.shop;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Runs one service's Flyway migrations from {@code classpath:db/<service>} with its own history
 * table, so each service creates and evolves only its own tables, and a node that does not run a
 * service does not create them.
 */
public final class Migrations {

	private Migrations() {
	}

	/**
	 * Migrates the tables of a service.
	 * @param dataSource the database
	 * @param service the service name, which is also the folder of its migrations
	 */
	public static void migrate(DataSource dataSource, String service) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/" + service)
			.table("flyway_history_" + service)
			// Other services' tables may exist already: start from an empty baseline.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
