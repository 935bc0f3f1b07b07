package io.github.moleculerspring.annotation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.MoleculerRetryableError;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.strategy.RandomStrategy;
import io.github.moleculerspring.strategy.StrategyFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CircuitBreaker @CircuitBreaker}, {@link Retry @Retry},
 * {@link Bulkhead @Bulkhead} and the {@code strategy} and {@code fallback} of
 * {@link Action @Action}, as {@link MoleculerServiceBeanPostProcessor} applies them.
 */
class FaultToleranceAnnotationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class));

	@Test
	void attributesArePublishedInTheDescriptorsWithMoleculersNames() {
		this.contextRunner.withBean(ProfileService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Map<String, Object> get = broker.registry().getLocalActionEndpoint("profile.get").descriptor();
			assertThat(get).containsEntry("strategy", "Shard")
				.containsEntry("strategyOptions", Map.of("shardKey", "userId", "vnodes", 20))
				.containsEntry("circuitBreaker",
						Map.of("enabled", true, "threshold", 0.3, "windowTime", 30L, "halfOpenTime", 5000L))
				.containsEntry("retryPolicy", Map.of("enabled", true, "retries", 3, "delay", 200L))
				.containsEntry("bulkhead", Map.of("enabled", true, "concurrency", 2, "maxQueueSize", 5));
			assertThat(broker.registry().getLocalActionEndpoint("profile.plain").descriptor())
				.doesNotContainKeys("strategy", "strategyOptions", "circuitBreaker", "retryPolicy", "bulkhead");
			assertThat(broker.registry().getLocalActionEndpoint("profile.once").descriptor())
				.containsEntry("retryPolicy", Map.of("enabled", false));
			List<EventEndpoint> handlers = broker.registry().localEventEndpoints("profile.changed", null, true, null);
			assertThat(handlers).singleElement()
				.satisfies((handler) -> assertThat(handler.descriptor()).containsEntry("bulkhead",
						Map.of("enabled", true, "concurrency", 1)));
		});
	}

	@Test
	void unsetAttributesInheritTheBrokersSettings() {
		this.contextRunner.withBean(ProfileService.class)
			.withPropertyValues("moleculer.circuit-breaker.min-request-count=7", "moleculer.retry-policy.max-delay=800")
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				Map<String, Object> get = broker.registry().getLocalActionEndpoint("profile.get").descriptor();
				assertThat(broker.options().circuitBreaker().merge(get.get("circuitBreaker")))
					.isEqualTo(new CircuitBreakerOptions(true, 0.3, 7, Duration.ofSeconds(30), Duration.ofSeconds(5),
							CircuitBreakerOptions.DEFAULT_CHECK));
				assertThat(broker.options().retryPolicy().merge(get.get("retryPolicy"))).isEqualTo(new RetryPolicy(
						true, 3, Duration.ofMillis(200), Duration.ofMillis(800), 2, RetryPolicy.DEFAULT_CHECK));
			});
	}

	@Test
	void descriptorsReachOtherNodesUnchanged() {
		String bus = "ft-descriptor-" + System.nanoTime();
		node(bus, "profiles").withBean(ProfileService.class).run((a) -> node(bus, "reader").run((b) -> {
			ServiceBroker reader = b.getBean(ServiceBroker.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> reader.registry().getActionEndpoint("profile.get", "profiles") != null);
			Map<String, Object> local = a.getBean(ServiceBroker.class)
				.registry()
				.getLocalActionEndpoint("profile.get")
				.descriptor();
			Map<String, Object> remote = reader.registry().getActionEndpoint("profile.get", "profiles").descriptor();
			JsonMapper mapper = a.getBean(JsonMapper.class);
			for (String key : List.of("strategy", "strategyOptions", "circuitBreaker", "retryPolicy", "bulkhead")) {
				assertThat(remote.get(key)).as(key)
					.isNotNull()
					.isEqualTo(mapper.readValue(mapper.writeValueAsString(local.get(key)), Object.class));
			}
		}));
	}

	@Test
	void retryOnAnActionMakesCallersRetryWhoseOwnPolicyIsOff() {
		String bus = "ft-retry-" + System.nanoTime();
		AtomicInteger busyCalls = new AtomicInteger();
		node(bus, "caller").run((a) -> node(bus, "busy")
			.withBean(InventoryService.class, () -> new InventoryService(true, busyCalls))
			.run((b) -> node(bus, "free").withBean(InventoryService.class, () -> new InventoryService(false, null))
				.run((c) -> {
					ServiceBroker caller = a.getBean(ServiceBroker.class);
					assertThat(caller.options().retryPolicy().enabled()).isFalse();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> caller.registry().getActionEndpoints("inventory.reserve") != null
								&& caller.registry().getActionEndpoints("inventory.reserve").count() == 2);
					for (int i = 0; i < 6; i++) {
						assertThat(caller.call("inventory.reserve", Map.of()).get(5, TimeUnit.SECONDS))
							.isEqualTo("free");
					}
					assertThat(busyCalls.get()).isPositive();
					List<Throwable> unretried = new ArrayList<>();
					for (int i = 0; i < 4; i++) {
						unretried.add(catchThrowable(
								() -> caller.call("inventory.peek", Map.of()).get(5, TimeUnit.SECONDS)));
					}
					assertThat(unretried).anySatisfy((error) -> assertThat(MoleculerErrors.unwrap(error))
						.isInstanceOf(MoleculerRetryableError.class)
						.hasMessage("busy"));
				})));
	}

	@Test
	void bulkheadOnAnActionRejectsABurstWhileTheBrokersIsOff() {
		this.contextRunner.withBean(ReportService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ReportService reports = context.getBean(ReportService.class);
			assertThat(broker.options().bulkhead().enabled()).isFalse();
			List<CompletableFuture<Object>> calls = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				calls.add(broker.call("report.render", Map.of()));
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 2);
			assertThat(calls).filteredOn(CompletableFuture::isDone).allSatisfy((call) -> {
				Throwable error = MoleculerErrors.unwrap(catchThrowable(() -> call.get(5, TimeUnit.SECONDS)));
				assertThat(error).isInstanceOf(QueueIsFullError.class);
				assertThat(((MoleculerError) error).getCode()).isEqualTo(429);
			});
			assertThat(reports.started.get()).isEqualTo(1);
			reports.gate.complete("done");
			assertThat(calls).filteredOn((call) -> !call.isCompletedExceptionally())
				.hasSize(2)
				.allSatisfy((call) -> assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("done"));
			// Other actions of the service are not limited.
			assertThat(broker.call("report.status", Map.of()).get(5, TimeUnit.SECONDS)).isEqualTo("ok");
		});
	}

	@Test
	void fallbackAnswersWhenTheActionFails() {
		this.contextRunner.withBean(PriceService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "price.get", Map.of("sku", "apple"))).isEqualTo("apple:1.00");
			assertThat(call(broker, "price.get", Map.of("sku", "broken")))
				.isEqualTo("broken:cached (database down)");
			assertThat(call(broker, "price.count", Map.of())).isEqualTo(-1);
			assertThat(call(broker, "price.later", Map.of())).isEqualTo("later:async failure");
			assertThat(call(broker, "price.async", Map.of())).isEqualTo("async fallback");
		});
	}

	@Test
	void fallbackWithANarrowErrorTypeLetsOtherErrorsThrough() {
		this.contextRunner.withBean(PriceService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "price.quote", Map.of("fail", "timeout"))).isEqualTo("timeout handled");
			Throwable error = MoleculerErrors
				.unwrap(catchThrowable(() -> call(broker, "price.quote", Map.of("fail", "client"))));
			assertThat(error).isInstanceOf(MoleculerClientError.class).hasMessage("bad sku");
		});
	}

	@Test
	void fallbackAnswersRemoteCallersFromTheCallee() {
		String bus = "ft-fallback-" + System.nanoTime();
		node(bus, "prices").withBean(PriceService.class).run((a) -> node(bus, "shop").run((b) -> {
			ServiceBroker shop = b.getBean(ServiceBroker.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> shop.registry().getActionEndpoints("price.get") != null);
			assertThat(call(shop, "price.get", Map.of("sku", "broken"))).isEqualTo("broken:cached (database down)");
		}));
	}

	@Test
	void customStrategyBeanMayBeNamedByAnAction() {
		this.contextRunner.withBean("coinFlip", StrategyFactory.class, () -> (options, host) -> new RandomStrategy())
			.withBean(CoinFlipService.class)
			.run((context) -> assertThat(
					context.getBean(ServiceBroker.class).registry().getLocalActionEndpoint("coin.flip").descriptor())
				.containsEntry("strategy", "coinFlip")
				.containsEntry("strategyOptions", Map.of()));
	}

	@Test
	void missingFallbackMethodFailsTheContext() {
		this.contextRunner.withBean("missingFallbackService", MissingFallbackService.class)
			.run((context) -> assertFailure(context, "missingFallbackService", "MissingFallbackService.get()",
					"fallback method 'nope' not found in " + MissingFallbackService.class.getName()));
	}

	@Test
	void fallbackReturningAnotherTypeFailsTheContext() {
		this.contextRunner.withBean("wrongReturnService", WrongReturnService.class)
			.run((context) -> assertFailure(context, "wrongReturnService", "WrongReturnService.get()",
					"fallback method WrongReturnService.fallback(Throwable): its return type int does not fit the "
							+ "action's java.lang.String; return java.lang.String or a CompletionStage of it"));
	}

	@Test
	void fallbackOfAVoidActionMustReturnNothing() {
		this.contextRunner.withBean("voidActionService", VoidActionService.class)
			.run((context) -> assertFailure(context, "voidActionService", "VoidActionService.run()",
					"its return type java.lang.String does not fit the action's void; return nothing"));
	}

	@Test
	void fallbackWithAnErrorTypeThatNeverArrivesFailsTheContext() {
		this.contextRunner.withBean("wrongErrorService", WrongErrorService.class)
			.run((context) -> assertFailure(context, "wrongErrorService", "WrongErrorService.get()",
					"parameter 0 ('error') of type java.lang.IllegalStateException never receives the error"));
	}

	@Test
	void overloadedFallbackFailsTheContext() {
		this.contextRunner.withBean("overloadedFallbackService", OverloadedFallbackService.class)
			.run((context) -> assertFailure(context, "overloadedFallbackService", "OverloadedFallbackService.get()",
					"fallback method 'fallback' is overloaded in OverloadedFallbackService"));
	}

	@Test
	void unknownStrategyFailsTheContext() {
		this.contextRunner.withBean("unknownStrategyService", UnknownStrategyService.class)
			.run((context) -> assertFailure(context, "unknownStrategyService", "UnknownStrategyService.get()",
					"strategy 'Fastest' is unknown; use one of CpuUsage, Latency, Random, RoundRobin, Shard"));
	}

	@Test
	void strategyOptionsWithoutStrategyFailTheContext() {
		this.contextRunner.withBean("optionsOnlyService", OptionsOnlyService.class)
			.run((context) -> assertFailure(context, "optionsOnlyService", "OptionsOnlyService.get()",
					"strategyOptions are set without a strategy"));
	}

	@Test
	void outOfRangeAttributeFailsTheContext() {
		this.contextRunner.withBean("badThresholdService", BadThresholdService.class)
			.run((context) -> assertFailure(context, "badThresholdService", "BadThresholdService.get()",
					"@CircuitBreaker(threshold = 1.5) must be greater than 0 and at most 1"));
		this.contextRunner.withBean("badQueueService", BadQueueService.class)
			.run((context) -> assertFailure(context, "badQueueService", "BadQueueService.get()",
					"@Bulkhead(maxQueueSize = -2) must not be negative"));
	}

	@Test
	void classLevelAnnotationsApplyToEveryHandlerAndAMethodsOwnReplacesThem() {
		this.contextRunner.withBean(GuardedService.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(broker.registry().getLocalActionEndpoint("guarded.first").descriptor())
				.containsEntry("circuitBreaker", Map.of("enabled", true, "threshold", 0.4))
				.containsEntry("retryPolicy", Map.of("enabled", true, "retries", 2))
				.containsEntry("bulkhead", Map.of("enabled", true, "concurrency", 3));
			assertThat(broker.registry().getLocalActionEndpoint("guarded.second").descriptor())
				.containsEntry("circuitBreaker", Map.of("enabled", true, "threshold", 0.4))
				.containsEntry("retryPolicy", Map.of("enabled", false))
				.containsEntry("bulkhead", Map.of("enabled", true, "concurrency", 3));
			assertThat(broker.registry().localServiceDefinitions().stream()
				.filter((definition) -> definition.name().equals("guarded"))
				.flatMap((definition) -> definition.events().stream())
				.map((event) -> event.properties().get("bulkhead")))
				.containsExactly(Map.of("enabled", true, "concurrency", 3));
		});
	}

	@Test
	void retryOnAnEventHandlerFailsTheContext() {
		this.contextRunner.withBean("retriedEventService", RetriedEventService.class)
			.run((context) -> assertFailure(context, "retriedEventService", "Invalid @Event method",
					"RetriedEventService.on()", "@Retry applies to @Action methods only"));
	}

	@Test
	void circuitBreakerOnAMethodThatIsNoHandlerFailsTheContext() {
		this.contextRunner.withBean("strayAnnotationService", StrayAnnotationService.class)
			.run((context) -> assertFailure(context, "strayAnnotationService", "Invalid @CircuitBreaker method",
					"StrayAnnotationService.helper()", "add @Action"));
	}

	private ApplicationContextRunner node(String bus, String nodeId) {
		return this.contextRunner.withPropertyValues("moleculer.transporter=local://" + bus,
				"moleculer.node-id=" + nodeId);
	}

	private static @Nullable Object call(ServiceBroker broker, String action, Object params) throws Exception {
		return broker.call(action, params).get(5, TimeUnit.SECONDS);
	}

	private static void assertFailure(AssertableApplicationContext context, String... fragments) {
		assertThat(context).hasFailed();
		List<String> messages = new ArrayList<>();
		for (Throwable current = context.getStartupFailure(); current != null; current = current.getCause()) {
			messages.add(String.valueOf(current.getMessage()));
		}
		assertThat(String.join("\n", messages)).contains(fragments);
	}

	@MoleculerService("profile")
	static class ProfileService {

		@Action(strategy = "Shard", strategyOptions = { "shardKey=userId", "vnodes=20" })
		@CircuitBreaker(threshold = 0.3, windowTime = 30, halfOpenTime = 5000)
		@Retry(retries = 3, delay = 200)
		@Bulkhead(concurrency = 2, maxQueueSize = 5)
		String get(@Param("userId") String userId) {
			return userId;
		}

		@Action
		String plain() {
			return "plain";
		}

		@Action
		@Retry(enabled = false)
		String once() {
			return "once";
		}

		@Event("profile.changed")
		@Bulkhead(concurrency = 1)
		void changed() {
		}

	}

	@MoleculerService("inventory")
	static class InventoryService {

		private final boolean busy;

		private final @Nullable AtomicInteger calls;

		InventoryService(boolean busy, @Nullable AtomicInteger calls) {
			this.busy = busy;
			this.calls = calls;
		}

		@Action
		@Retry(retries = 2, delay = 10)
		String reserve(Context ctx) {
			return answer(ctx);
		}

		@Action
		String peek(Context ctx) {
			return answer(ctx);
		}

		private String answer(Context ctx) {
			if (this.calls != null) {
				this.calls.incrementAndGet();
			}
			if (this.busy) {
				throw new MoleculerRetryableError("busy");
			}
			return ctx.broker().nodeID();
		}

	}

	@MoleculerService("report")
	static class ReportService {

		final CompletableFuture<String> gate = new CompletableFuture<>();

		final AtomicInteger started = new AtomicInteger();

		@Action
		@Bulkhead(concurrency = 1, maxQueueSize = 1)
		CompletionStage<String> render() {
			this.started.incrementAndGet();
			return this.gate;
		}

		@Action
		String status() {
			return "ok";
		}

	}

	@MoleculerService("price")
	static class PriceService {

		@Action(fallback = "cached")
		String get(@Param("sku") String sku) {
			if (sku.equals("broken")) {
				throw new IllegalStateException("database down");
			}
			return sku + ":1.00";
		}

		String cached(@Param("sku") String sku, Throwable error) {
			return sku + ":cached (" + error.getMessage() + ")";
		}

		@Action(fallback = "unknownCount")
		int count() {
			throw new MoleculerRetryableError("busy");
		}

		private Integer unknownCount(Context ctx, MoleculerError error) {
			return (ctx.action().equals("price.count") && "busy".equals(error.getMessage())) ? -1 : -2;
		}

		@Action(fallback = "errorOnly")
		CompletionStage<String> later() {
			return CompletableFuture.failedFuture(new IllegalStateException("async failure"));
		}

		String errorOnly(Exception error) {
			return "later:" + error.getMessage();
		}

		@Action(fallback = "asyncFallback")
		String async() {
			throw new IllegalStateException("fails");
		}

		CompletableFuture<String> asyncFallback() {
			return CompletableFuture.supplyAsync(() -> "async fallback");
		}

		@Action(fallback = "onTimeout")
		String quote(@Param("fail") String fail) {
			if (fail.equals("timeout")) {
				throw new RequestTimeoutError("price.quote", null);
			}
			throw new MoleculerClientError("bad sku");
		}

		String onTimeout(RequestTimeoutError error) {
			return "timeout handled";
		}

	}

	@MoleculerService("coin")
	static class CoinFlipService {

		@Action(strategy = "coinFlip")
		boolean flip() {
			return true;
		}

	}

	@MoleculerService
	static class MissingFallbackService {

		@Action(fallback = "nope")
		String get() {
			return "x";
		}

	}

	@MoleculerService
	static class WrongReturnService {

		@Action(fallback = "fallback")
		String get() {
			return "x";
		}

		int fallback(Throwable error) {
			return 0;
		}

	}

	@MoleculerService
	static class VoidActionService {

		@Action(fallback = "fallback")
		void run() {
		}

		String fallback() {
			return "x";
		}

	}

	@MoleculerService
	static class WrongErrorService {

		@Action(fallback = "fallback")
		String get() {
			return "x";
		}

		String fallback(IllegalStateException error) {
			return "y";
		}

	}

	@MoleculerService
	static class OverloadedFallbackService {

		@Action(fallback = "fallback")
		String get() {
			return "x";
		}

		String fallback() {
			return "y";
		}

		String fallback(Throwable error) {
			return "z";
		}

	}

	@MoleculerService
	static class UnknownStrategyService {

		@Action(strategy = "Fastest")
		String get() {
			return "x";
		}

	}

	@MoleculerService
	static class OptionsOnlyService {

		@Action(strategyOptions = "shardKey=userId")
		String get() {
			return "x";
		}

	}

	@MoleculerService
	static class BadThresholdService {

		@Action
		@CircuitBreaker(threshold = 1.5)
		String get() {
			return "x";
		}

	}

	@MoleculerService
	static class BadQueueService {

		@Action
		@Bulkhead(maxQueueSize = -2)
		String get() {
			return "x";
		}

	}

	@MoleculerService("guarded")
	@CircuitBreaker(threshold = 0.4)
	@Retry(retries = 2)
	@Bulkhead(concurrency = 3)
	static class GuardedService {

		@Action
		String first() {
			return "1";
		}

		@Action
		@Retry(enabled = false)
		String second() {
			return "2";
		}

		@Event("thing.happened")
		void on() {
		}

	}

	@MoleculerService
	static class RetriedEventService {

		@Event("thing.happened")
		@Retry
		void on() {
		}

	}

	@MoleculerService
	static class StrayAnnotationService {

		@Action
		String get() {
			return helper();
		}

		@CircuitBreaker
		String helper() {
			return "x";
		}

	}

}
