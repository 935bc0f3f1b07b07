package io.github.moleculerspring.sample.ecommerce.shop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.github.moleculerspring.broker.ServiceBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop with the {@code postgres} profile against the PostgreSQL on 127.0.0.1:5432 (trust
 * authentication, user {@code postgres}), in a database created for this run and dropped after it.
 * Skipped, with a message, when nothing listens on that port, before the Spring context is built;
 * with {@code CI=true} it fails instead ({@code .ci/run} starts PostgreSQL, so CI never skips it).
 */
@ExtendWith(ShopPostgresTests.PostgresReachable.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@DirtiesContext
class ShopPostgresTests {

	private static final int PORT = 5432;

	private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:" + PORT + "/postgres";

	private static final String DATABASE = "shop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static boolean created;

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ServiceBroker broker;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		admin("CREATE DATABASE " + DATABASE);
		created = true;
		registry.add("shop.database", () -> DATABASE);
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		if (created) {
			// FORCE: the test's context (cached until the JVM ends otherwise) may still hold connections.
			admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
		}
	}

	@Test
	void theFlowWorksOnPostgres() {
		assertThat(this.jdbc.sql("SELECT current_database()").query(String.class).single()).isEqualTo(DATABASE);
		new ShopClient(this.port).runFullFlow(this.broker);
		// Each service migrated its own tables with its own history.
		assertThat(this.jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'flyway_history_%'")
			.query(Integer.class)
			.single()).isEqualTo(5);
	}


	private static boolean reachable() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", PORT), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void admin(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/**
	 * Evaluated before the class's Spring context is built (an assumption there would surface as a
	 * context failure, not a skip): disabled without PostgreSQL, except in CI, where it is an error.
	 */
	static final class PostgresReachable implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (reachable()) {
				return ConditionEvaluationResult.enabled("PostgreSQL is reachable on 127.0.0.1:" + PORT);
			}
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException("CI=true but PostgreSQL is not reachable on 127.0.0.1:" + PORT
						+ ": .ci/run starts it; CI never skips ShopPostgresTests");
			}
			return ConditionEvaluationResult.disabled("PostgreSQL is not reachable on 127.0.0.1:" + PORT
					+ ": skipping the postgres profile test (CI=true makes this an error)");
		}

	}

}
