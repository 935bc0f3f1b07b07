package io.github.moleculerspring.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.autoconfigure.ServiceBrokerCustomizer;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.metrics.MoleculerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MoleculerMetricsAutoConfiguration}: Moleculer's meters in the application's
 * {@link MeterRegistry}, for local and remote calls (over the in-JVM transporter) and events.
 */
class MoleculerMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				MoleculerAutoConfiguration.class, MoleculerMetricsAutoConfiguration.class))
		.withPropertyValues("moleculer.heartbeat-interval=1", "moleculer.heartbeat-timeout=3");

	@Test
	void brokerRecordsInTheApplicationsMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("moleculerMetricsServiceBrokerCustomizer");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(broker.options().meterRegistry()).isSameAs(registry);
			assertThat(registry.get(MoleculerMetrics.BROKER_STARTED).gauge().value()).isEqualTo(1.0);
		});
	}

	@Test
	void withoutAMeterRegistryTheBrokerRecordsNoMetrics() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
					MoleculerMetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("moleculerMetricsServiceBrokerCustomizer");
				assertThat(context.getBean(ServiceBroker.class).options().meterRegistry()).isNull();
			});
	}

	@Test
	void anApplicationBeanOfTheSameNameReplacesTheCustomizer() {
		this.contextRunner
			.withBean("moleculerMetricsServiceBrokerCustomizer", ServiceBrokerCustomizer.class,
					() -> (builder) -> builder.meterRegistry(null))
			.run((context) -> assertThat(context.getBean(ServiceBroker.class).options().meterRegistry()).isNull());
	}

	@Test
	void localCallsAndEventsIncludingErrorsAreMeasuredWithMoleculersNamesAndTags() {
		this.contextRunner.withUserConfiguration(OrdersConfiguration.class, InventoryConfiguration.class)
			.withPropertyValues("moleculer.node-id=metrics-local")
			.run((context) -> {
				exercise(context);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Tags reserve = Tags.of("service", "inventory", "action", "inventory.reserve", "type", "local", "caller",
						"orders");
				assertThat(counter(registry, MoleculerMetrics.REQUEST_TOTAL, reserve)).isEqualTo(1.0);
				assertThat(counter(registry, MoleculerMetrics.REQUEST_TOTAL,
						Tags.of("service", "orders", "action", "orders.place", "type", "local", "caller", "")))
					.isEqualTo(1.0);
				assertThat(registry.get(MoleculerMetrics.REQUEST_TIME).tags(reserve).timer().count()).isEqualTo(1);
				assertThat(counter(registry, MoleculerMetrics.REQUEST_ERROR_TOTAL,
						Tags.of("service", "inventory", "action", "inventory.release", "type", "local", "caller",
								"orders", "errorName", "MoleculerError", "errorCode", "503", "errorType",
								"WAREHOUSE_OFFLINE")))
					.isEqualTo(1.0);
				assertThat(counter(registry, MoleculerMetrics.EVENT_EMIT_TOTAL,
						Tags.of("event", "order.placed", "groups", "")))
					.isEqualTo(1.0);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(counter(registry, MoleculerMetrics.EVENT_RECEIVED_TOTAL, Tags.of("service", "inventory",
							"group", "inventory", "event", "order.placed", "caller", "orders")))
						.isEqualTo(1.0);
					assertThat(counter(registry, MoleculerMetrics.EVENT_RECEIVED_ERROR_TOTAL,
							Tags.of("service", "inventory", "group", "inventory", "event", "order.cancelled", "errorCode",
									"500")))
						.isEqualTo(1.0);
				});
				assertThat(registry.get(MoleculerMetrics.REGISTRY_NODES_TOTAL).gauge().value()).isEqualTo(1.0);
			});
	}

	@Test
	void remoteCallsAndEventsAreMeasuredOnBothNodes() {
		String bus = "local://metrics-" + System.nanoTime();
		this.contextRunner.withUserConfiguration(InventoryConfiguration.class)
			.withPropertyValues("moleculer.transporter=" + bus, "moleculer.node-id=metrics-inventory")
			.run((inventory) -> this.contextRunner.withUserConfiguration(OrdersConfiguration.class)
				.withPropertyValues("moleculer.transporter=" + bus, "moleculer.node-id=metrics-orders")
				.run((orders) -> {
					ServiceBroker broker = orders.getBean(ServiceBroker.class);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> broker.registry().getActionEndpoints("inventory.release") != null
								&& broker.registry().eventGroups("order.cancelled").contains("inventory"));
					exercise(orders);
					MeterRegistry caller = orders.getBean(MeterRegistry.class);
					MeterRegistry callee = inventory.getBean(MeterRegistry.class);
					assertThat(counter(caller, MoleculerMetrics.REQUEST_TOTAL, Tags.of("service", "inventory", "action",
							"inventory.reserve", "type", "remote", "caller", "orders")))
						.isEqualTo(1.0);
					assertThat(counter(callee, MoleculerMetrics.REQUEST_TOTAL, Tags.of("service", "inventory", "action",
							"inventory.reserve", "type", "local", "caller", "orders")))
						.isEqualTo(1.0);
					Tags remoteError = Tags.of("service", "inventory", "action", "inventory.release", "type", "remote",
							"caller", "orders", "errorName", "MoleculerError", "errorCode", "503", "errorType",
							"WAREHOUSE_OFFLINE");
					assertThat(counter(caller, MoleculerMetrics.REQUEST_ERROR_TOTAL, remoteError)).isEqualTo(1.0);
					assertThat(counter(callee, MoleculerMetrics.REQUEST_ERROR_TOTAL,
							Tags.of("service", "inventory", "action", "inventory.release", "type", "local", "errorCode",
									"503", "errorType", "WAREHOUSE_OFFLINE")))
						.isEqualTo(1.0);
					assertThat(counter(caller, MoleculerMetrics.EVENT_EMIT_TOTAL,
							Tags.of("event", "order.placed", "groups", "")))
						.isEqualTo(1.0);
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						assertThat(counter(callee, MoleculerMetrics.EVENT_RECEIVED_TOTAL, Tags.of("service", "inventory",
								"group", "inventory", "event", "order.placed", "caller", "orders")))
							.isEqualTo(1.0);
						assertThat(counter(callee, MoleculerMetrics.EVENT_RECEIVED_ERROR_TOTAL,
								Tags.of("event", "order.cancelled", "errorCode", "500")))
							.isEqualTo(1.0);
					});
					// Remote requests were not handled on the caller's node.
					assertThat(caller.find(MoleculerMetrics.REQUEST_TOTAL)
						.tags("service", "inventory", "type", "local")
						.counter()).isNull();
					assertThat(caller.get(MoleculerMetrics.REGISTRY_NODES_TOTAL).gauge().value()).isEqualTo(2.0);
					assertThat(caller.get(MoleculerMetrics.TRANSPORTER_PACKETS_SENT_TOTAL).functionCounter().count())
						.isPositive();
				}));
	}

	@Test
	void managementMetricsEnableMoleculerFalseTurnsEveryMoleculerMeterOff() {
		this.contextRunner.withUserConfiguration(OrdersConfiguration.class, InventoryConfiguration.class)
			.withPropertyValues("management.metrics.enable.moleculer=false")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(context.getBean(ServiceBroker.class).options().meterRegistry()).isSameAs(registry);
				exercise(context);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(InventoryService.class).events.get() == 2);
				List<String> moleculerMeters = registry.getMeters()
					.stream()
					.map((meter) -> meter.getId().getName())
					.filter((name) -> name.startsWith("moleculer"))
					.toList();
				assertThat(moleculerMeters).isEmpty();
				// The registry itself still records other meters.
				registry.counter("orders.custom").increment();
				assertThat(registry.get("orders.custom").counter().count()).isEqualTo(1.0);
			});
	}

	/**
	 * Calls {@code orders.place} (which calls {@code inventory.reserve} and emits
	 * {@code order.placed}), {@code orders.cancel} (which calls {@code inventory.release}, which
	 * fails with a 503) and emits {@code order.cancelled}, whose handler fails.
	 */
	private static void exercise(AssertableApplicationContext context) throws Exception {
		ServiceBroker broker = context.getBean(ServiceBroker.class);
		assertThat(broker.call("orders.place", Map.of("item", "book")).get(10, TimeUnit.SECONDS))
			.isEqualTo("reserved book");
		assertThatThrownBy(() -> broker.call("orders.cancel", Map.of("item", "book")).get(10, TimeUnit.SECONDS))
			.hasRootCauseInstanceOf(MoleculerError.class)
			.hasStackTraceContaining("Warehouse offline");
		broker.emit("order.cancelled", Map.of("item", "book")).get(10, TimeUnit.SECONDS);
	}

	private static double counter(MeterRegistry registry, String name, Tags tags) {
		Counter counter = registry.find(name).tags(tags).counter();
		assertThat(counter).as("%s %s in %s", name, tags, names(registry)).isNotNull();
		return counter.count();
	}

	private static List<String> names(MeterRegistry registry) {
		return registry.getMeters().stream().map(Meter::getId).map(Object::toString).sorted().toList();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(OrdersService.class)
	static class OrdersConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(InventoryService.class)
	static class InventoryConfiguration {

	}

	@MoleculerService("orders")
	static class OrdersService {

		@Action
		CompletableFuture<Object> place(Context ctx, Map<String, Object> order) {
			return ctx.call("inventory.reserve", order)
				.thenCompose((reserved) -> ctx.emit("order.placed", order).thenApply((v) -> reserved));
		}

		@Action
		CompletableFuture<Object> cancel(Context ctx, Map<String, Object> order) {
			return ctx.call("inventory.release", order);
		}

	}

	@MoleculerService("inventory")
	static class InventoryService {

		final AtomicInteger events = new AtomicInteger();

		@Action
		String reserve(Map<String, Object> order) {
			return "reserved " + order.get("item");
		}

		@Action
		String release(Map<String, Object> order) {
			throw new MoleculerError("Warehouse offline", 503, "WAREHOUSE_OFFLINE", null);
		}

		@Event("order.placed")
		void onPlaced(Map<String, Object> order) {
			this.events.incrementAndGet();
		}

		@Event("order.cancelled")
		void onCancelled(Map<String, Object> order) {
			this.events.incrementAndGet();
			throw new IllegalStateException("Cannot restock " + order.get("item"));
		}

	}

}
