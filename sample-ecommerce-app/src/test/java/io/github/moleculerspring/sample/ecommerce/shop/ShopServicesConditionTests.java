package io.github.moleculerspring.sample.ecommerce.shop;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.sample.ecommerce.EcommerceApplication;
import io.github.moleculerspring.sample.ecommerce.inventory.InventoryService;
import io.github.moleculerspring.sample.ecommerce.notifications.NotificationsService;
import io.github.moleculerspring.sample.ecommerce.orders.OrdersService;
import io.github.moleculerspring.sample.ecommerce.payments.PaymentProvider;
import io.github.moleculerspring.sample.ecommerce.payments.PaymentsService;
import io.github.moleculerspring.sample.ecommerce.users.UsersService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code shop.services} decides which services (and tables) a node has.
 */
class ShopServicesConditionTests {

	@Test
	void aNodeRunsOnlyTheNamedServicesAndCreatesOnlyTheirTables() {
		try (ConfigurableApplicationContext context = run("--shop.services=payments, notifications")) {
			assertThat(context.getBeansOfType(PaymentsService.class)).hasSize(1);
			assertThat(context.getBeansOfType(PaymentProvider.class)).hasSize(1);
			assertThat(context.getBeansOfType(NotificationsService.class)).hasSize(1);
			assertThat(context.getBeansOfType(UsersService.class)).isEmpty();
			assertThat(context.getBeansOfType(InventoryService.class)).isEmpty();
			assertThat(context.getBeansOfType(OrdersService.class)).isEmpty();
			assertThat(context.containsBean("shopController")).isFalse();
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(broker.registry().getLocalActionEndpoint("payments.charge")).isNotNull();
			assertThat(broker.registry().getLocalActionEndpoint("orders.create")).isNull();
			assertThat(JdbcClient.create(context.getBean(javax.sql.DataSource.class))
				.sql("SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = 'PUBLIC' "
						+ "AND table_name NOT LIKE 'flyway%' ORDER BY 1")
				.query(String.class)
				.list()).containsExactly("notification", "payments");
		}
	}

	@Test
	void allServicesByDefault() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.containsBean("shopController")).isTrue();
			assertThat(context.getBeansOfType(OrdersService.class)).hasSize(1);
			assertThat(context.getBeansOfType(UsersService.class)).hasSize(1);
		}
	}

	@Test
	void anUnknownServiceNameFailsTheStartup() {
		assertThatException().isThrownBy(() -> run("--shop.services=gateway,paymnets").close())
			.withStackTraceContaining("Unknown part 'paymnets' in shop.services");
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(EcommerceApplication.class).web(WebApplicationType.NONE)
			.run(args);
	}

}
