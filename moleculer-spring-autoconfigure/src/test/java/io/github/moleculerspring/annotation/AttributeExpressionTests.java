package io.github.moleculerspring.annotation;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code ${…}} placeholders and {@code #{…}} SpEL expressions in the attributes of
 * {@link MoleculerService @MoleculerService}, {@link Action @Action} and {@link Event @Event}.
 */
class AttributeExpressionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class))
		.withPropertyValues("shop.service=catalog", "shop.region=eu", "shop.timeout=1500", "shop.event=item.added");

	@Test
	void serviceAttributesResolvePlaceholdersAndExpressions() {
		this.contextRunner.withBean("labels", Labels.class).withBean(CatalogService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ServiceDefinition definition = localService(broker, "v2.catalog");
			assertThat(definition.version()).isEqualTo(2);
			assertThat(definition.settings()).containsEntry("region", "EU").containsEntry("label", "Catalog");
			assertThat(definition.metadata()).containsEntry("owner", "team-eu");
		});
	}

	@Test
	void actionAttributesResolvePlaceholdersAndExpressions() {
		this.contextRunner.withBean("labels", Labels.class).withBean(CatalogService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(broker.call("v2.catalog.list", null).get(5, TimeUnit.SECONDS)).isEqualTo("items");
			Map<String, Object> descriptor = broker.registry().getLocalActionEndpoint("v2.catalog.list").descriptor();
			assertThat(descriptor).containsEntry("timeout", 1500L)
				.containsEntry("description", "Catalog items")
				.containsEntry("rest", "GET /catalog")
				.containsEntry("strategy", "Random");
		});
	}

	@Test
	void eventAttributesResolvePlaceholdersAndExpressions() {
		this.contextRunner.withBean("labels", Labels.class).withBean(CatalogService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			EventDefinition event = localService(broker, "v2.catalog").events().get(0);
			assertThat(event.name()).isEqualTo("item.added");
			assertThat(event.group()).isEqualTo("audit-eu");
		});
	}

	@Test
	void timeoutAndTimeoutStringTogetherFailStartup() {
		this.contextRunner.withBean("bothTimeouts", BothTimeoutsService.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("BothTimeoutsService.work()")
				.hasMessageContaining("timeout and timeoutString are both set; set one");
		});
	}

	@Test
	void aBadExpressionFailsStartupNamingTheBean() {
		this.contextRunner.withBean("badExpression", BadExpressionService.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("bean 'badExpression'");
		});
	}

	private static ServiceDefinition localService(ServiceBroker broker, String fullName) {
		return broker.registry()
			.localServiceDefinitions()
			.stream()
			.filter((definition) -> definition.fullName().equals(fullName))
			.findFirst()
			.orElseThrow();
	}

	static class Labels {

		public String label() {
			return "Catalog";
		}

	}

	@MoleculerService(name = "${shop.service}", version = "#{1 + 1}",
			settings = { "region=#{'${shop.region}'.toUpperCase()}", "label=#{@labels.label()}" },
			metadata = "owner=team-${shop.region}")
	static class CatalogService {

		@Action(name = "#{'li' + 'st'}", timeoutString = "${shop.timeout}", description = "#{@labels.label()} items",
				rest = "GET /${shop.service}", strategy = "#{'Ran' + 'dom'}")
		public String items() {
			return "items";
		}

		@Event(name = "${shop.event}", group = "#{'audit-' + '${shop.region}'}")
		public void added() {
		}

	}

	@MoleculerService
	static class BothTimeoutsService {

		@Action(timeout = 100, timeoutString = "200")
		public String work() {
			return "done";
		}

	}

	@MoleculerService(name = "#{@noSuchBean.name()}")
	static class BadExpressionService {

	}

}
