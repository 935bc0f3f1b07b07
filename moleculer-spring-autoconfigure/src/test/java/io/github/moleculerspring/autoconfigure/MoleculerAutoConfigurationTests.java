package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.MoleculerServiceBeanPostProcessor;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.Middleware;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MoleculerAutoConfiguration}.
 */
class MoleculerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class));

	@Test
	void defaultsMatchMoleculer() {
		// Moleculer.js 0.15 src/service-broker.js defaultOptions
		MoleculerProperties properties = new MoleculerProperties();
		assertThat(properties.getNamespace()).isEmpty();
		assertThat(properties.getNodeId()).isNull();
		assertThat(properties.getTransporter()).isNull();
		assertThat(properties.getRequestTimeout()).isEqualTo(Duration.ZERO);
		assertThat(properties.getMaxCallLevel()).isZero();
		assertThat(properties.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.isDisableBalancer()).isFalse();
		assertThat(properties.getRegistry().isPreferLocal()).isTrue();
		assertThat(properties.getTransit().getMaxQueueSize()).isEqualTo(50_000);
		assertThat(properties.getMetadata()).isEmpty();
		assertThat(properties.getProtocolVersion()).isEqualTo("auto");
		assertThat(properties.getExecutor().getQueueSize()).isEqualTo(10_000);
		assertThat(properties.getExecutor().getThreads()).isNull();
		assertThat(properties.getExecutor().getVirtualThreads()).isNull();
	}

	@Test
	void brokerWithDefaultPropertiesHasMoleculerDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ServiceBroker.class);
			BrokerOptions options = context.getBean(ServiceBroker.class).options();
			BrokerOptions defaults = BrokerOptions.builder().build();
			assertThat(options.namespace()).isEmpty();
			assertThat(options.nodeID()).isNull();
			assertThat(options.transporter()).isNull();
			assertThat(options.requestTimeout()).isEqualTo(Duration.ZERO);
			assertThat(options.maxCallLevel()).isZero();
			assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(options.disableBalancer()).isFalse();
			assertThat(options.preferLocal()).isTrue();
			assertThat(options.protocolVersion()).isNull();
			assertThat(options.maxPendingRequests()).isEqualTo(50_000);
			assertThat(options.maxQueueSize()).isEqualTo(defaults.maxQueueSize());
			assertThat(options.workerThreads()).isEqualTo(defaults.workerThreads());
			assertThat(options.virtualThreads()).isFalse();
			assertThat(options.metadata()).isEmpty();
		});
	}

	@Test
	void propertiesAreMappedToBrokerOptions() {
		this.contextRunner
			.withPropertyValues("moleculer.namespace=shop", "moleculer.node-id=node-1", "moleculer.request-timeout=5000",
					"moleculer.max-call-level=3", "moleculer.heartbeat-interval=5", "moleculer.heartbeat-timeout=15",
					"moleculer.protocol-version=4", "moleculer.disable-balancer=true",
					"moleculer.registry.prefer-local=false", "moleculer.executor.threads=4",
					"moleculer.executor.queue-size=7", "moleculer.transit.max-queue-size=9",
					"moleculer.metadata.region=eu-west")
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				BrokerOptions options = broker.options();
				assertThat(options.namespace()).isEqualTo("shop");
				assertThat(broker.nodeID()).isEqualTo("node-1");
				assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(options.maxCallLevel()).isEqualTo(3);
				assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(15));
				assertThat(options.protocolVersion()).isEqualTo(ProtocolVersion.V4);
				assertThat(options.disableBalancer()).isTrue();
				assertThat(options.preferLocal()).isFalse();
				assertThat(options.workerThreads()).isEqualTo(4);
				assertThat(options.maxQueueSize()).isEqualTo(7);
				assertThat(options.maxPendingRequests()).isEqualTo(9);
				assertThat(options.metadata()).containsOnly(Map.entry("region", "eu-west"));
			});
	}

	@Test
	void durationsAcceptExplicitUnits() {
		this.contextRunner
			.withPropertyValues("moleculer.request-timeout=2s", "moleculer.heartbeat-interval=500ms",
					"moleculer.heartbeat-timeout=1m")
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
				assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void protocolVersionFiveAndAutoAreMapped() {
		assertThat(MoleculerAutoConfiguration.protocolVersion("5")).isEqualTo(ProtocolVersion.V5);
		assertThat(MoleculerAutoConfiguration.protocolVersion("AUTO")).isNull();
		assertThat(MoleculerAutoConfiguration.protocolVersion("auto")).isNull();
	}

	@Test
	void unsupportedProtocolVersionFailsTheContext() {
		this.contextRunner.withPropertyValues("moleculer.protocol-version=3").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Unsupported protocol version '3'; supported: auto, 4, 5");
		});
	}

	@Test
	void brokerUsesTheApplicationJsonMapper() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JsonMapper.class);
			assertThat(context.getBean(ServiceBroker.class).options().mapper())
				.isSameAs(context.getBean(JsonMapper.class));
		});
	}

	@Test
	void brokerUsesADefaultJsonMapperWithoutJacksonAutoConfiguration() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MoleculerAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JsonMapper.class);
				assertThat(context.getBean(ServiceBroker.class).options().mapper()).isNotNull();
			});
	}

	@Test
	void localTransporterJoinsTheNamedBus() {
		this.contextRunner.withPropertyValues("moleculer.transporter=local://orders").run((context) -> {
			Transporter transporter = context.getBean(ServiceBroker.class).options().transporter();
			assertThat(transporter).isInstanceOf(LocalTransporter.class);
			assertThat(((LocalTransporter) transporter).bus()).isSameAs(LocalBus.named("orders"));
		});
	}

	@Test
	void plainLocalTransporterJoinsTheDefaultBus() {
		this.contextRunner.withPropertyValues("moleculer.transporter=Local").run((context) -> {
			Transporter transporter = context.getBean(ServiceBroker.class).options().transporter();
			assertThat(((LocalTransporter) transporter).bus()).isSameAs(LocalBus.named("default"));
		});
	}

	@Test
	void unsupportedTransporterSchemeFailsTheContext() {
		this.contextRunner.withPropertyValues("moleculer.transporter=amqp://user:secret@localhost:5672")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessage("Unsupported transporter scheme 'amqp' in 'moleculer.transporter'; supported: local")
					.message()
					.doesNotContain("secret");
			});
	}

	@Test
	void transporterFactoryBeanAddsAScheme() {
		LocalBus bus = new LocalBus("factory-test");
		this.contextRunner.withBean(TransporterFactory.class, () -> new TestTransporterFactory(bus))
			.withPropertyValues("moleculer.transporter=test://anything")
			.run((context) -> {
				Transporter transporter = context.getBean(ServiceBroker.class).options().transporter();
				assertThat(((LocalTransporter) transporter).bus()).isSameAs(bus);
			});
		this.contextRunner.withBean(TransporterFactory.class, () -> new TestTransporterFactory(bus))
			.withPropertyValues("moleculer.transporter=amqp://localhost")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageEndingWith("supported: test, local"));
	}

	@Test
	void transporterBeanTakesPrecedenceOverTheProperty() {
		LocalTransporter own = new LocalTransporter(new LocalBus("own"));
		this.contextRunner.withBean(Transporter.class, () -> own)
			.withPropertyValues("moleculer.transporter=amqp://localhost")
			.run((context) -> assertThat(context.getBean(ServiceBroker.class).options().transporter()).isSameAs(own));
	}

	@Test
	void customizersAndMiddlewaresAreApplied() {
		Middleware middleware = new Middleware() {
		};
		this.contextRunner.withBean(Middleware.class, () -> middleware)
			.withBean(ServiceBrokerCustomizer.class, () -> (builder) -> builder.errorStackTraces(false))
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.middlewares()).containsExactly(middleware);
				assertThat(options.errorStackTraces()).isFalse();
			});
	}

	@Test
	void userServiceBrokerOverridesTheAutoConfiguredOne() {
		this.contextRunner.withBean("myBroker", ServiceBroker.class,
				() -> new ServiceBroker(BrokerOptions.builder().nodeID("mine").build()))
			.withBean(EchoService.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ServiceBroker.class);
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				assertThat(broker.nodeID()).isEqualTo("mine");
				assertThat(broker.isStarted()).isTrue();
				assertThat(broker.call("echo.say", Map.of("text", "hi")).get(5, TimeUnit.SECONDS)).isEqualTo("hi");
			});
	}

	@Test
	void userLifecycleAndPostProcessorOverrideTheAutoConfiguredOnes() {
		this.contextRunner.withBean("myLifecycle", MoleculerBrokerLifecycle.class,
				() -> new MoleculerBrokerLifecycle(new ServiceBroker(BrokerOptions.builder().nodeID("other").build())))
			.withBean("myPostProcessor", MoleculerServiceBeanPostProcessor.class, MoleculerServiceBeanPostProcessor::new)
			.run((context) -> {
				assertThat(context).getBeanNames(MoleculerBrokerLifecycle.class).containsExactly("myLifecycle");
				assertThat(context).getBeanNames(MoleculerServiceBeanPostProcessor.class)
					.containsExactly("myPostProcessor");
			});
	}

	@Test
	void lifecycleStartsAndStopsTheBroker() {
		AtomicInteger started = new AtomicInteger();
		this.contextRunner.withBean(StartedCounter.class, () -> new StartedCounter(started))
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				MoleculerBrokerLifecycle lifecycle = context.getBean(MoleculerBrokerLifecycle.class);
				assertThat(lifecycle.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 3072);
				assertThat(lifecycle.isRunning()).isTrue();
				assertThat(broker.isStarted()).isTrue();
				await().atMost(Duration.ofSeconds(5)).untilAtomic(started, org.hamcrest.Matchers.equalTo(1));
				context.close();
				assertThat(lifecycle.isRunning()).isFalse();
				assertThat(broker.isStarted()).isFalse();
				assertThat(broker.stop()).isCompleted();
			});
	}

	@Test
	void lifecycleStopRunsTheCallbackOnceTheBrokerHasStopped() throws Exception {
		try (ServiceBroker broker = new ServiceBroker(BrokerOptions.builder().nodeID("lifecycle").build())) {
			MoleculerBrokerLifecycle lifecycle = new MoleculerBrokerLifecycle(broker);
			lifecycle.start();
			assertThat(broker.isStarted()).isTrue();
			CompletableFuture<Boolean> brokerStartedInCallback = new CompletableFuture<>();
			lifecycle.stop(() -> brokerStartedInCallback.complete(broker.isStarted()));
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(brokerStartedInCallback.get(5, TimeUnit.SECONDS)).isFalse();
			assertThat(broker.stop()).isCompleted();
		}
	}

	@Test
	void contextsOnTheSameLocalBusCallEachOther() {
		ApplicationContextRunner nodeA = this.contextRunner
			.withPropertyValues("moleculer.transporter=local://two-contexts", "moleculer.node-id=node-a")
			.withBean(EchoService.class);
		ApplicationContextRunner nodeB = this.contextRunner
			.withPropertyValues("moleculer.transporter=local://two-contexts", "moleculer.node-id=node-b")
			.withBean(WhereService.class);
		nodeA.run((a) -> nodeB.run((b) -> {
			ServiceBroker brokerA = a.getBean(ServiceBroker.class);
			ServiceBroker brokerB = b.getBean(ServiceBroker.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> brokerA.registry().getActionEndpoints("where.am") != null
						&& brokerB.registry().getActionEndpoints("echo.say") != null);
			assertThat(brokerA.call("where.am", Map.of()).get(5, TimeUnit.SECONDS)).isEqualTo("node-b");
			assertThat(brokerB.call("echo.say", Map.of("text", "from b")).get(5, TimeUnit.SECONDS)).isEqualTo("from b");
		}));
	}

	@Test
	void balancedEventsReachOneNodeOfAGroupAndBroadcastsReachAll() {
		AtomicInteger receivedA = new AtomicInteger();
		AtomicInteger receivedB = new AtomicInteger();
		ApplicationContextRunner nodeA = this.contextRunner
			.withPropertyValues("moleculer.transporter=local://events", "moleculer.node-id=events-a")
			.withBean(StockService.class, () -> new StockService(receivedA));
		ApplicationContextRunner nodeB = this.contextRunner
			.withPropertyValues("moleculer.transporter=local://events", "moleculer.node-id=events-b")
			.withBean(StockService.class, () -> new StockService(receivedB));
		nodeA.run((a) -> nodeB.run((b) -> {
			ServiceBroker brokerA = a.getBean(ServiceBroker.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> brokerA.registry().getNode("events-b") != null
						&& brokerA.registry().eventGroups("order.placed").contains("warehouse")
						&& brokerA.registry().getActionEndpoints("stock.count") != null
						&& brokerA.registry().getActionEndpoints("stock.count").count() == 2);
			for (int i = 0; i < 6; i++) {
				brokerA.emit("order.placed", Map.of("sku", "a-" + i)).get(5, TimeUnit.SECONDS);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> receivedA.get() + receivedB.get() == 6);
			Thread.sleep(200);
			assertThat(receivedA.get() + receivedB.get()).isEqualTo(6);
			brokerA.broadcast("order.placed", Map.of("sku", "all")).get(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5)).until(() -> receivedA.get() + receivedB.get() == 8);
		}));
	}

	@MoleculerService
	static class EchoService {

		@Action
		String say(@Param("text") String text) {
			return text;
		}

	}

	@MoleculerService("where")
	static class WhereService {

		@Action
		String am(Context ctx) {
			return ctx.broker().nodeID();
		}

	}

	@MoleculerService("stock")
	static class StockService {

		private final AtomicInteger received;

		StockService(AtomicInteger received) {
			this.received = received;
		}

		@Event(name = "order.placed", group = "warehouse")
		void onOrderPlaced(Map<String, Object> order) {
			this.received.incrementAndGet();
		}

		@Action
		int count() {
			return this.received.get();
		}

	}

	@MoleculerService("counter")
	static class StartedCounter {

		private final AtomicInteger started;

		StartedCounter(AtomicInteger started) {
			this.started = started;
		}

		@Event("$broker.started")
		void onStarted() {
			this.started.incrementAndGet();
		}

	}

	static final class TestTransporterFactory implements TransporterFactory {

		private final LocalBus bus;

		TestTransporterFactory(LocalBus bus) {
			this.bus = bus;
		}

		@Override
		public String scheme() {
			return "test";
		}

		@Override
		public Transporter create(String url) {
			return new LocalTransporter(this.bus);
		}

	}

}
