package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.MoleculerServiceBeanPostProcessor;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.MoleculerRetryableError;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.strategy.Candidate;
import io.github.moleculerspring.strategy.RandomStrategy;
import io.github.moleculerspring.strategy.Strategy;
import io.github.moleculerspring.strategy.StrategyFactory;
import io.github.moleculerspring.transport.PollerSettings;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
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
		MoleculerProperties.Executor.Pollers pollers = properties.getExecutor().getPollers();
		assertThat(pollers.isEnabled()).isTrue();
		assertThat(pollers.getBlockedAfter()).isEqualTo(Duration.ofMillis(5));
		assertThat(pollers.getMaxSpares()).isEqualTo(4);
		// registry, circuitBreaker, retryPolicy and bulkhead
		assertThat(properties.getRegistry().getStrategy()).isEqualTo("RoundRobin");
		assertThat(properties.getRegistry().getStrategyOptions()).isEmpty();
		MoleculerProperties.CircuitBreaker circuitBreaker = properties.getCircuitBreaker();
		assertThat(circuitBreaker.isEnabled()).isFalse();
		assertThat(circuitBreaker.getThreshold()).isEqualTo(0.5);
		assertThat(circuitBreaker.getMinRequestCount()).isEqualTo(20);
		assertThat(circuitBreaker.getWindowTime()).isEqualTo(Duration.ofSeconds(60));
		assertThat(circuitBreaker.getHalfOpenTime()).isEqualTo(Duration.ofMillis(10 * 1000));
		MoleculerProperties.RetryPolicy retryPolicy = properties.getRetryPolicy();
		assertThat(retryPolicy.isEnabled()).isFalse();
		assertThat(retryPolicy.getRetries()).isEqualTo(5);
		assertThat(retryPolicy.getDelay()).isEqualTo(Duration.ofMillis(100));
		assertThat(retryPolicy.getMaxDelay()).isEqualTo(Duration.ofMillis(1000));
		assertThat(retryPolicy.getFactor()).isEqualTo(2);
		MoleculerProperties.Bulkhead bulkhead = properties.getBulkhead();
		assertThat(bulkhead.isEnabled()).isFalse();
		assertThat(bulkhead.getConcurrency()).isEqualTo(10);
		assertThat(bulkhead.getMaxQueueSize()).isEqualTo(100);
	}

	@Test
	void faultToleranceDefaultsAreTheCoreDefaults() {
		this.contextRunner.run((context) -> {
			BrokerOptions options = context.getBean(ServiceBroker.class).options();
			assertThat(options.strategy()).isEqualTo("RoundRobin");
			assertThat(options.strategyOptions()).isEmpty();
			assertThat(options.circuitBreaker()).isEqualTo(CircuitBreakerOptions.defaults());
			assertThat(options.retryPolicy()).isEqualTo(RetryPolicy.defaults());
			assertThat(options.bulkhead()).isEqualTo(BulkheadOptions.defaults());
		});
	}

	@Test
	void faultTolerancePropertiesAreMappedInMoleculersUnits() {
		this.contextRunner
			.withPropertyValues("moleculer.registry.strategy=Shard",
					"moleculer.registry.strategy-options.shardKey=userId", "moleculer.registry.strategy-options.vnodes=20",
					"moleculer.registry.strategy-options.cache-size=5",
					"moleculer.circuit-breaker.enabled=true", "moleculer.circuit-breaker.threshold=0.3",
					"moleculer.circuit-breaker.min-request-count=4", "moleculer.circuit-breaker.window-time=30",
					"moleculer.circuit-breaker.half-open-time=5000", "moleculer.retry-policy.enabled=true",
					"moleculer.retry-policy.retries=3", "moleculer.retry-policy.delay=250",
					"moleculer.retry-policy.max-delay=3000", "moleculer.retry-policy.factor=1.5",
					"moleculer.bulkhead.enabled=true", "moleculer.bulkhead.concurrency=2",
					"moleculer.bulkhead.max-queue-size=0")
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.strategy()).isEqualTo("Shard");
				assertThat(options.strategyOptions()).containsOnly(Map.entry("shardKey", "userId"),
						Map.entry("vnodes", 20), Map.entry("cacheSize", 5));
				assertThat(options.circuitBreaker()).isEqualTo(new CircuitBreakerOptions(true, 0.3, 4,
						Duration.ofSeconds(30), Duration.ofSeconds(5), CircuitBreakerOptions.DEFAULT_CHECK));
				assertThat(options.retryPolicy()).isEqualTo(new RetryPolicy(true, 3, Duration.ofMillis(250),
						Duration.ofSeconds(3), 1.5, RetryPolicy.DEFAULT_CHECK));
				assertThat(options.bulkhead()).isEqualTo(new BulkheadOptions(true, 2, 0));
			});
	}

	@Test
	void faultToleranceDurationsAcceptExplicitUnits() {
		this.contextRunner
			.withPropertyValues("moleculer.circuit-breaker.window-time=2m",
					"moleculer.circuit-breaker.half-open-time=3s", "moleculer.retry-policy.delay=1s",
					"moleculer.retry-policy.max-delay=1m")
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.circuitBreaker().windowTime()).isEqualTo(Duration.ofMinutes(2));
				assertThat(options.circuitBreaker().halfOpenTime()).isEqualTo(Duration.ofSeconds(3));
				assertThat(options.retryPolicy().delay()).isEqualTo(Duration.ofSeconds(1));
				assertThat(options.retryPolicy().maxDelay()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			circuit-breaker.threshold         | 0    | must be greater than 0 and at most 1
			circuit-breaker.threshold         | 1.5  | must be greater than 0 and at most 1
			circuit-breaker.min-request-count | 0    | must be at least 1
			circuit-breaker.window-time       | 0    | must be positive
			circuit-breaker.half-open-time    | -1   | must not be negative
			retry-policy.retries              | -1   | must not be negative
			retry-policy.delay                | -5   | must not be negative
			retry-policy.max-delay            | -5   | must not be negative
			retry-policy.factor               | 0.5  | must be at least 1
			bulkhead.concurrency              | 0    | must be at least 1
			bulkhead.max-queue-size           | -1   | must not be negative
			registry.strategy                 | Fast | no such strategy; use one of CpuUsage, Latency, Random, RoundRobin, Shard \
			or the name of a StrategyFactory bean
			""")
	void invalidFaultToleranceValueFailsStartupNamingTheProperty(String key, String value, String reason) {
		this.contextRunner.withPropertyValues("moleculer." + key + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageStartingWith("Property moleculer." + key + " with value '")
				.hasMessageEndingWith("' is invalid: " + reason);
		});
	}

	@Test
	void strategyFactoryBeanIsAStrategyNamedAfterTheBean() {
		this.contextRunner.withBean("pinned", StrategyFactory.class, PinnedStrategy::factory)
			.withPropertyValues("moleculer.registry.strategy=pinned", "moleculer.registry.strategy-options.node=node-x")
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.strategies()).containsKeys("RoundRobin", "Shard", "pinned");
				assertThat(options.strategy()).isEqualTo("pinned");
			});
		this.contextRunner.withBean("pinned", StrategyFactory.class, PinnedStrategy::factory)
			.withPropertyValues("moleculer.registry.strategy=other")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageEndingWith("use one of CpuUsage, Latency, Random, RoundRobin, Shard, pinned or the name of "
						+ "a StrategyFactory bean"));
	}

	@Test
	void strategyFactoryBeanBalancesTheCallsOfTheRegistry() {
		String bus = "strategy-bean-" + System.nanoTime();
		ApplicationContextRunner caller = node(bus, "caller")
			.withBean("pinned", StrategyFactory.class, PinnedStrategy::factory)
			.withPropertyValues("moleculer.registry.strategy=pinned",
					"moleculer.registry.strategy-options.node=where-2");
		caller.run((a) -> node(bus, "where-1").withBean(WhereService.class)
			.run((b) -> node(bus, "where-2").withBean(WhereService.class).run((c) -> {
				ServiceBroker broker = a.getBean(ServiceBroker.class);
				awaitEndpoints(broker, "where.am", 2);
				for (int i = 0; i < 6; i++) {
					assertThat(broker.call("where.am", Map.of()).get(5, TimeUnit.SECONDS)).isEqualTo("where-2");
				}
			})));
	}

	@Test
	void customizerMayRegisterTheConfiguredStrategy() {
		this.contextRunner
			.withBean(ServiceBrokerCustomizer.class,
					() -> (builder) -> builder.strategy("mine", (options, host) -> new RandomStrategy()))
			.withPropertyValues("moleculer.registry.strategy=mine")
			.run((context) -> assertThat(context.getBean(ServiceBroker.class).options().strategy()).isEqualTo("mine"));
	}

	@Test
	void checkBeansReplaceMoleculersFailureAndRetryChecks() {
		MoleculerClientError clientError = new MoleculerClientError("bad input");
		MoleculerServerError serverError = new MoleculerServerError("down", 500, null, null, false, null);
		this.contextRunner.run((context) -> {
			BrokerOptions options = context.getBean(ServiceBroker.class).options();
			assertThat(options.circuitBreaker().check().test(clientError)).isFalse();
			assertThat(options.retryPolicy().check().test(serverError)).isFalse();
		});
		this.contextRunner.withBean(CircuitBreakerCheck.class, () -> (error) -> true)
			.withBean(RetryPolicyCheck.class,
					() -> (error) -> error instanceof MoleculerError moleculerError && moleculerError.getCode() >= 500)
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.circuitBreaker().check().test(clientError)).isTrue();
				assertThat(options.retryPolicy().check().test(serverError)).isTrue();
				assertThat(options.retryPolicy().check().test(clientError)).isFalse();
			});
	}

	@Test
	void bulkheadPropertyRejectsABurstWithQueueIsFullError() {
		this.contextRunner
			.withPropertyValues("moleculer.bulkhead.enabled=true", "moleculer.bulkhead.concurrency=1",
					"moleculer.bulkhead.max-queue-size=1")
			.withBean(GateService.class)
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				GateService gate = context.getBean(GateService.class);
				CompletableFuture<Object> first = broker.call("gate.pass", Map.of());
				await().atMost(Duration.ofSeconds(5)).until(() -> gate.started.get() == 1);
				List<CompletableFuture<Object>> burst = List.of(broker.call("gate.pass", Map.of()),
						broker.call("gate.pass", Map.of()));
				await().atMost(Duration.ofSeconds(5)).until(() -> burst.stream().anyMatch(CompletableFuture::isDone));
				CompletableFuture<Object> rejected = burst.stream().filter(CompletableFuture::isDone).findFirst().get();
				Throwable error = MoleculerErrors.unwrap(catchThrowable(() -> rejected.get(5, TimeUnit.SECONDS)));
				assertThat(error).isInstanceOf(QueueIsFullError.class);
				assertThat(((MoleculerError) error).getCode()).isEqualTo(429);
				assertThat(gate.started.get()).isEqualTo(1);
				gate.gate.complete("open");
				assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("open");
				CompletableFuture<Object> queued = burst.get((burst.get(0) == rejected) ? 1 : 0);
				assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("open");
				assertThat(gate.started.get()).isEqualTo(2);
			});
	}

	@Test
	void retryPolicyPropertyRetriesARetryableErrorOnAnotherNode() {
		String bus = "retry-" + System.nanoTime();
		AtomicInteger sickCalls = new AtomicInteger();
		ApplicationContextRunner caller = node(bus, "caller").withPropertyValues("moleculer.retry-policy.enabled=true",
				"moleculer.retry-policy.delay=10");
		caller.run((a) -> node(bus, "sick").withBean(FlakyService.class, () -> new FlakyService(true, sickCalls))
			.run((b) -> node(bus, "healthy").withBean(FlakyService.class, () -> new FlakyService(false, null))
				.run((c) -> {
					ServiceBroker broker = a.getBean(ServiceBroker.class);
					awaitEndpoints(broker, "flaky.retryable", 2);
					for (int i = 0; i < 6; i++) {
						assertThat(broker.call("flaky.retryable", Map.of()).get(5, TimeUnit.SECONDS))
							.isEqualTo("healthy");
					}
					assertThat(sickCalls.get()).isPositive();
					// Without retries, the calls that reach the sick node fail.
					List<Integer> codes = new ArrayList<>();
					for (int i = 0; i < 4; i++) {
						CompletableFuture<Object> call = broker.call("flaky.retryable", Map.of(),
								CallOptions.builder().retries(0).build());
						codes.add(call.handle((value, error) -> (error != null)
								? ((MoleculerError) MoleculerErrors.unwrap(error)).getCode() : 200)
							.get(5, TimeUnit.SECONDS));
					}
					assertThat(codes).contains(200, 503);
					// Errors that are not retryable are not retried.
					Throwable notRetried = null;
					for (int i = 0; i < 4 && notRetried == null; i++) {
						notRetried = MoleculerErrors.unwrap(catchThrowable(
								() -> broker.call("flaky.notRetryable", Map.of()).get(5, TimeUnit.SECONDS)));
					}
					assertThat(notRetried).isInstanceOf(MoleculerServerError.class).hasMessage("sick");
				})));
	}

	@Test
	void retryPolicyCheckBeanDecidesWhichErrorsAreRetried() {
		String bus = "retry-check-" + System.nanoTime();
		AtomicInteger sickCalls = new AtomicInteger();
		ApplicationContextRunner caller = node(bus, "caller")
			.withPropertyValues("moleculer.retry-policy.enabled=true", "moleculer.retry-policy.delay=10")
			.withBean(RetryPolicyCheck.class,
					() -> (error) -> error instanceof MoleculerError moleculerError && moleculerError.getCode() >= 500);
		caller.run((a) -> node(bus, "sick").withBean(FlakyService.class, () -> new FlakyService(true, sickCalls))
			.run((b) -> node(bus, "healthy").withBean(FlakyService.class, () -> new FlakyService(false, null))
				.run((c) -> {
					ServiceBroker broker = a.getBean(ServiceBroker.class);
					awaitEndpoints(broker, "flaky.notRetryable", 2);
					for (int i = 0; i < 6; i++) {
						assertThat(broker.call("flaky.notRetryable", Map.of()).get(5, TimeUnit.SECONDS))
							.isEqualTo("healthy");
					}
					assertThat(sickCalls.get()).isPositive();
				})));
	}

	@Test
	void shardStrategyPropertyKeepsEachKeyOnOneNode() {
		String bus = "shard-" + System.nanoTime();
		ApplicationContextRunner caller = node(bus, "caller").withPropertyValues("moleculer.registry.strategy=Shard",
				"moleculer.registry.strategy-options.shard-key=userId");
		caller.run((a) -> node(bus, "shard-1").withBean(WhereService.class)
			.run((b) -> node(bus, "shard-2").withBean(WhereService.class).run((c) -> {
				ServiceBroker broker = a.getBean(ServiceBroker.class);
				awaitEndpoints(broker, "where.am", 2);
				Map<String, Set<Object>> nodesByKey = new LinkedHashMap<>();
				for (int user = 0; user < 20; user++) {
					String key = "user-" + user;
					for (int call = 0; call < 3; call++) {
						Object node = broker.call("where.am", Map.of("userId", key)).get(5, TimeUnit.SECONDS);
						nodesByKey.computeIfAbsent(key, (k) -> new HashSet<>()).add(node);
					}
				}
				assertThat(nodesByKey.values()).allSatisfy((nodes) -> assertThat(nodes).hasSize(1));
				assertThat(nodesByKey.values().stream().flatMap(Set::stream).distinct())
					.containsExactlyInAnyOrder("shard-1", "shard-2");
			})));
	}

	private ApplicationContextRunner node(String bus, String nodeId) {
		return this.contextRunner.withPropertyValues("moleculer.transporter=local://" + bus,
				"moleculer.node-id=" + nodeId);
	}

	private static void awaitEndpoints(ServiceBroker broker, String action, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> broker.registry().getActionEndpoints(action) != null
				&& broker.registry().getActionEndpoints(action).count() == count);
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
			assertThat(options.transitMaxQueueSize()).isEqualTo(50_000);
			assertThat(options.incomingQueueSize()).isEqualTo(defaults.incomingQueueSize());
			assertThat(options.incomingEventQueueSize()).isEqualTo(defaults.incomingEventQueueSize());
			assertThat(options.workerThreads()).isEqualTo(defaults.workerThreads());
			assertThat(options.virtualThreads()).isFalse();
			assertThat(options.pollers()).isEqualTo(PollerSettings.DEFAULTS);
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
					"moleculer.executor.queue-size=7", "moleculer.executor.event-queue-size=8",
					"moleculer.transit.max-queue-size=9",
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
				assertThat(options.incomingQueueSize()).isEqualTo(7);
				assertThat(options.incomingEventQueueSize()).isEqualTo(8);
				assertThat(options.transitMaxQueueSize()).isEqualTo(9);
				assertThat(options.metadata()).containsOnly(Map.entry("region", "eu-west"));
			});
	}

	@Test
	void pollerPropertiesAreMappedToBrokerOptions() {
		this.contextRunner
			.withPropertyValues("moleculer.executor.pollers.enabled=false",
					"moleculer.executor.pollers.blocked-after=20", "moleculer.executor.pollers.max-spares=0")
			.run((context) -> assertThat(context.getBean(ServiceBroker.class).options().pollers())
				.isEqualTo(new PollerSettings(false, Duration.ofMillis(20), 0)));
		this.contextRunner
			.withPropertyValues("moleculer.executor.pollers.blocked-after=2s",
					"moleculer.executor.pollers.max-spares=256")
			.run((context) -> assertThat(context.getBean(ServiceBroker.class).options().pollers())
				.isEqualTo(new PollerSettings(true, Duration.ofSeconds(2), 256)));
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
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property moleculer.protocol-version with value '3' is invalid: must be auto, 4 or 5");
		});
		assertThat(catchThrowable(() -> MoleculerAutoConfiguration.protocolVersion("3")))
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessage("Property moleculer.protocol-version with value '3' is invalid: Unsupported protocol version; "
					+ "supported: auto, 4, 5");
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
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessage("Property moleculer.transporter with value 'amqp://****@localhost:5672' is invalid: "
							+ "Unsupported transporter scheme 'amqp'; supported: local")
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
			.withBean(ServiceBrokerCustomizer.class, () -> (builder) -> builder.errorStackTraces(true))
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.middlewares()).containsExactly(middleware);
				assertThat(options.errorStackTraces()).isTrue();
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
				// The order this phase gives against a real web server (started before it accepts, stopped
				// after it drained) is asserted by the sample's BrokerLifecycleOrderTests.
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
	void pausingAndRestartingTheContextKeepsTheBrokerRunningAndCallable() throws Exception {
		this.contextRunner.withBean(EchoService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			context.getSourceApplicationContext(org.springframework.context.ConfigurableApplicationContext.class).pause();
			assertThat(broker.isStarted()).isTrue();
			context.getSourceApplicationContext(org.springframework.context.ConfigurableApplicationContext.class).restart();
			assertThat(broker.isStarted()).isTrue();
			assertThat(broker.call("echo.say", Map.of("text", "still here"), String.class).get(5, TimeUnit.SECONDS))
				.isEqualTo("still here");
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
			// A bounded negative window: a second delivery of a balanced event would come from the same
			// publish on the in-JVM bus, within milliseconds; 200 ms covers that many times over.
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

	@MoleculerService("gate")
	static class GateService {

		final CompletableFuture<String> gate = new CompletableFuture<>();

		final AtomicInteger started = new AtomicInteger();

		@Action
		CompletionStage<String> pass() {
			this.started.incrementAndGet();
			return this.gate;
		}

	}

	@MoleculerService("flaky")
	static class FlakyService {

		private final boolean sick;

		private final @Nullable AtomicInteger calls;

		FlakyService(boolean sick, @Nullable AtomicInteger calls) {
			this.sick = sick;
			this.calls = calls;
		}

		@Action
		String retryable(Context ctx) {
			count();
			if (this.sick) {
				throw new MoleculerRetryableError("busy", 503, "BUSY", null);
			}
			return ctx.broker().nodeID();
		}

		@Action
		String notRetryable(Context ctx) {
			count();
			if (this.sick) {
				throw new IllegalStateException("sick");
			}
			return ctx.broker().nodeID();
		}

		private void count() {
			if (this.calls != null) {
				this.calls.incrementAndGet();
			}
		}

	}

	/** Sends every call to the node named by its {@code node} option. */
	static final class PinnedStrategy implements Strategy {

		private final Object node;

		PinnedStrategy(Object node) {
			this.node = node;
		}

		static StrategyFactory factory() {
			return (options, host) -> new PinnedStrategy(options.getOrDefault("node", ""));
		}

		@Override
		public <E extends Candidate> E select(List<E> endpoints, @Nullable Context ctx) {
			return endpoints.stream()
				.filter((endpoint) -> endpoint.nodeID().equals(this.node))
				.findFirst()
				.orElse(endpoints.get(0));
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
