package io.github.moleculerspring.autoconfigure.observation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.autoconfigure.MoleculerNatsAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.test.NatsServer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanReporter;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MoleculerObservationAutoConfiguration}: traces across Java brokers over a real
 * nats-server with Spring Boot's Brave tracing (W3C propagation), traces continued from Moleculer's
 * {@code requestID} when a packet carries no trace headers, and the MDC of handler log lines.
 */
class MoleculerObservationAutoConfigurationTests {

	private static final String HANDLER_LOGGER = "io.github.moleculerspring.test.handlers";

	private static NatsServer nats;

	private final List<FinishedSpan> spans = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
				MoleculerNatsAutoConfiguration.class, MoleculerAutoConfiguration.class, ObservationAutoConfiguration.class,
				BraveAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				MoleculerObservationAutoConfiguration.class))
		.withBean(SpanReporter.class, () -> this.spans::add)
		.withPropertyValues("management.tracing.sampling.probability=1.0", "moleculer.heartbeat-interval=1",
				"moleculer.heartbeat-timeout=3");

	@BeforeAll
	static void startServer() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopServer() {
		nats.close();
	}

	@Test
	void brokerObservesInTheApplicationsObservationRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("moleculerObservationServiceBrokerCustomizer");
			assertThat(context.getBean(ServiceBroker.class).options().observationRegistry())
				.isSameAs(context.getBean(ObservationRegistry.class));
		});
	}

	@Test
	void withoutAnObservationRegistryTheBrokerHasNone() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
					MoleculerObservationAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("moleculerObservationServiceBrokerCustomizer");
				assertThat(context.getBean(ServiceBroker.class).options().observationRegistry()).isNull();
			});
	}

	@Test
	void managementObservationsEnableMoleculerFalseTurnsMoleculersSpansOff() {
		this.contextRunner.withUserConfiguration(InventoryConfiguration.class)
			.withPropertyValues("management.observations.enable.moleculer=false")
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				assertThat(broker.options().observationRegistry()).isSameAs(context.getBean(ObservationRegistry.class));
				assertThat(broker.call("inventory.reserve", Map.of("item", "cup")).get(10, TimeUnit.SECONDS))
					.isEqualTo("reserved cup");
				// The handler's span, if any, is reported before the call completes; give it time anyway.
				Thread.sleep(200);
				assertThat(this.spans).isEmpty();
			});
	}

	@Test
	void aCallChainOverThreeJavaBrokersIsOneTraceWithAParentChain() {
		String namespace = "trace3-" + System.nanoTime();
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues("moleculer.transporter=" + nats.url(),
				"moleculer.namespace=" + namespace);
		runner.withUserConfiguration(InventoryConfiguration.class)
			.withPropertyValues("moleculer.node-id=inventory-node", "spring.application.name=inventory-app")
			.run((inventory) -> runner.withUserConfiguration(OrdersConfiguration.class)
				.withPropertyValues("moleculer.node-id=orders-node", "spring.application.name=orders-app")
				.run((orders) -> runner.withUserConfiguration(GatewayConfiguration.class)
					.withPropertyValues("moleculer.node-id=gateway-node", "spring.application.name=gateway-app")
					.run((gateway) -> {
						ServiceBroker broker = gateway.getBean(ServiceBroker.class);
						await().atMost(Duration.ofSeconds(20))
							.until(() -> broker.registry().getActionEndpoints("orders.create") != null
									&& orders.getBean(ServiceBroker.class)
										.registry()
										.getActionEndpoints("inventory.reserve") != null);
						assertThat(broker.call("gateway.checkout", Map.of("item", "book")).get(20, TimeUnit.SECONDS))
							.isEqualTo("reserved book");
						await().atMost(Duration.ofSeconds(10)).until(() -> this.spans.size() >= 5);

						// The test thread calls gateway.checkout locally: a local span, the root of the trace.
						FinishedSpan checkout = span("gateway-app", "gateway.checkout", null);
						FinishedSpan callOrders = span("gateway-app", "call orders.create", Span.Kind.CLIENT);
						FinishedSpan create = span("orders-app", "orders.create", Span.Kind.SERVER);
						FinishedSpan callInventory = span("orders-app", "call inventory.reserve", Span.Kind.CLIENT);
						FinishedSpan reserve = span("inventory-app", "inventory.reserve", Span.Kind.SERVER);
						assertThat(this.spans).extracting(FinishedSpan::getTraceId).containsOnly(checkout.getTraceId());
						assertThat(checkout.getParentId()).isNull();
						assertThat(callOrders.getParentId()).isEqualTo(checkout.getSpanId());
						assertThat(create.getParentId()).isEqualTo(callOrders.getSpanId());
						assertThat(callInventory.getParentId()).isEqualTo(create.getSpanId());
						assertThat(reserve.getParentId()).isEqualTo(callInventory.getSpanId());
						assertThat(reserve.getTags()).containsEntry("moleculer.action", "inventory.reserve")
							.containsEntry("moleculer.service", "inventory");
					})));
	}

	@Test
	void aRequestWithoutTraceHeadersIsTracedUnderItsRequestID() throws Exception {
		String namespace = "trace-js-" + System.nanoTime();
		this.contextRunner.withUserConfiguration(InventoryConfiguration.class)
			.withPropertyValues("moleculer.transporter=" + nats.url(), "moleculer.namespace=" + namespace,
					"moleculer.protocol-version=4", "moleculer.node-id=inventory-node",
					"spring.application.name=inventory-app")
			.run((context) -> {
				String requestID = UUID.randomUUID().toString();
				String parentID = UUID.randomUUID().toString();
				String reply = requestFromAMoleculerJsNode(namespace, requestID, parentID, "true");
				assertThat(reply).contains("\"success\":true").contains("reserved book");
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.spans.isEmpty());
				FinishedSpan reserve = span("inventory-app", "inventory.reserve", Span.Kind.SERVER);
				assertThat(reserve.getTraceId()).isEqualTo(requestID.replace("-", ""));
				assertThat(reserve.getParentId()).isEqualTo(parentID.replace("-", "").substring(0, 16));
			});
	}

	@Test
	void aRequestMarkedNotTracedByAMoleculerJsNodeIsNotSampled() throws Exception {
		String namespace = "trace-js-off-" + System.nanoTime();
		this.contextRunner.withUserConfiguration(InventoryConfiguration.class)
			.withPropertyValues("moleculer.transporter=" + nats.url(), "moleculer.namespace=" + namespace,
					"moleculer.protocol-version=4", "moleculer.node-id=inventory-node")
			.run((context) -> {
				String reply = requestFromAMoleculerJsNode(namespace, UUID.randomUUID().toString(),
						UUID.randomUUID().toString(), "false");
				assertThat(reply).contains("\"success\":true");
				// A traced request reports its span before the response is read; give it time anyway.
				Thread.sleep(500);
				assertThat(this.spans).isEmpty();
			});
	}

	@Test
	void handlerLogLinesCarryRequestIDNodeIDActionAndTheTraceID() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		Logger logger = (Logger) LoggerFactory.getLogger(HANDLER_LOGGER);
		appender.start();
		logger.addAppender(appender);
		try {
			this.contextRunner.withUserConfiguration(InventoryConfiguration.class)
				.withPropertyValues("moleculer.node-id=log-node")
				.run((context) -> {
					ServiceBroker broker = context.getBean(ServiceBroker.class);
					assertThat(broker.call("inventory.reserve", Map.of("item", "pen")).get(10, TimeUnit.SECONDS))
						.isEqualTo("reserved pen");
					ILoggingEvent event = appender.list.stream()
						.filter((e) -> e.getFormattedMessage().equals("Reserving pen"))
						.findFirst()
						.orElseThrow();
					Map<String, String> mdc = event.getMDCPropertyMap();
					assertThat(mdc).containsEntry("nodeID", "log-node").containsEntry("action", "inventory.reserve");
					String requestID = mdc.get("requestID");
					assertThat(requestID).isNotBlank();
					// With tracing, the line also carries the trace and span of the handler.
					await().atMost(Duration.ofSeconds(5)).until(() -> !this.spans.isEmpty());
					FinishedSpan reserve = span("application", "inventory.reserve", null);
					assertThat(mdc).containsEntry("traceId", reserve.getTraceId())
						.containsEntry("spanId", reserve.getSpanId());

					PatternLayout layout = new PatternLayout();
					layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
					layout.setPattern("%level [%X{nodeID} %X{action} %X{requestID}] %msg");
					layout.start();
					assertThat(layout.doLayout(event))
						.isEqualTo("INFO [log-node inventory.reserve " + requestID + "] Reserving pen");
				});
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void handlerLogLinesCarryTheMdcWithoutTracing() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		Logger logger = (Logger) LoggerFactory.getLogger(HANDLER_LOGGER);
		appender.start();
		logger.addAppender(appender);
		try {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class))
				.withUserConfiguration(InventoryConfiguration.class)
				.withPropertyValues("moleculer.node-id=plain-log-node")
				.run((context) -> {
					ServiceBroker broker = context.getBean(ServiceBroker.class);
					broker.call("inventory.reserve", Map.of("item", "ink")).get(10, TimeUnit.SECONDS);
					ILoggingEvent event = appender.list.stream()
						.filter((e) -> e.getFormattedMessage().equals("Reserving ink"))
						.findFirst()
						.orElseThrow();
					assertThat(event.getMDCPropertyMap()).containsEntry("nodeID", "plain-log-node")
						.containsEntry("action", "inventory.reserve")
						.containsKey("requestID")
						.doesNotContainKey("traceId");
				});
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	/**
	 * Sends a REQUEST for {@code inventory.reserve} as a Moleculer.js 0.14 node does (protocol 4, no
	 * headers, Moleculer's own tracing fields) and returns the RESPONSE.
	 */
	private static String requestFromAMoleculerJsNode(String namespace, String requestID, String parentID,
			String tracing) throws Exception {
		try (Connection connection = Nats.connect(nats.url())) {
			Subscription responses = connection.subscribe("MOL-" + namespace + ".RES.js-node");
			connection.flush(Duration.ofSeconds(5));
			String packet = """
					{"ver":"4","sender":"js-node","id":"%s","action":"inventory.reserve","params":{"item":"book"},\
					"meta":{},"timeout":0,"level":2,"tracing":%s,"parentID":"%s","requestID":"%s",\
					"caller":"js-gateway","stream":false}""".formatted(UUID.randomUUID(), tracing, parentID, requestID);
			connection.publish("MOL-" + namespace + ".REQ.inventory-node", packet.getBytes(StandardCharsets.UTF_8));
			Message reply = responses.nextMessage(Duration.ofSeconds(10));
			assertThat(reply).as("RESPONSE from inventory-node").isNotNull();
			return new String(reply.getData(), StandardCharsets.UTF_8);
		}
	}

	private FinishedSpan span(String application, String name, Span.@Nullable Kind kind) {
		List<FinishedSpan> matching = this.spans.stream()
			.filter((s) -> application.equals(s.getLocalServiceName()) && name.equals(s.getName())
					&& kind == s.getKind())
			.toList();
		assertThat(matching).as("%s %s span of %s in %s", kind, name, application, this.spans).hasSize(1);
		return matching.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	@Import(GatewayService.class)
	static class GatewayConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(OrdersService.class)
	static class OrdersConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(InventoryService.class)
	static class InventoryConfiguration {

	}

	@MoleculerService("gateway")
	static class GatewayService {

		@Action
		Object checkout(Context ctx, Map<String, Object> order) throws Exception {
			return ctx.call("orders.create", order).get(10, TimeUnit.SECONDS);
		}

	}

	@MoleculerService("orders")
	static class OrdersService {

		@Action
		Object create(Context ctx, Map<String, Object> order) throws Exception {
			return ctx.call("inventory.reserve", order).get(10, TimeUnit.SECONDS);
		}

	}

	@MoleculerService("inventory")
	static class InventoryService {

		private static final org.slf4j.Logger logger = LoggerFactory.getLogger(HANDLER_LOGGER);

		@Action
		String reserve(@Param("item") String item) {
			logger.info("Reserving {}", item);
			return "reserved " + item;
		}

	}

}
