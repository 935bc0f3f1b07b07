package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerRetryableError;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Circuit breaker, retries, bulkhead, fallbacks and strategies across brokers on the in-JVM
 * transporter; {@code NatsFaultToleranceTests} runs the same cases over a real nats-server.
 */
class FaultToleranceTests {

	final TestCluster cluster = createCluster();

	/** The brokers' cluster: on a private in-JVM bus here. */
	TestCluster createCluster() {
		return new TestCluster("fault-" + System.nanoTime());
	}

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	private static MoleculerError failure(CompletableFuture<?> future) {
		ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(MoleculerError.class);
		return (MoleculerError) ex.getCause();
	}

	/** A replica whose health can be switched; a sick one fails with a 500. */
	private static ServiceDefinition replica(AtomicBoolean sick, AtomicInteger calls) {
		return ServiceDefinition.builder("work").action("do", (ctx) -> {
			calls.incrementAndGet();
			if (sick.get()) {
				throw new MoleculerServerError("replica " + ctx.broker().nodeID() + " is sick");
			}
			return ctx.broker().nodeID();
		}).build();
	}

	private ServiceDefinition recorder(String event, List<Map<String, Object>> into) {
		return ServiceDefinition.builder("cb-watch-" + event.replace('$', '_').replace('.', '-'))
			.event(EventDefinition.of(event, (ctx) -> {
				@SuppressWarnings("unchecked")
				Map<String, Object> payload = (Map<String, Object>) ctx.params();
				into.add(payload);
				return null;
			}))
			.build();
	}

	@Test
	void breakerOpensOnAFailingReplicaMovesTrafficAndRecoversAfterAProbe() throws Exception {
		List<Map<String, Object>> opened = new CopyOnWriteArrayList<>();
		List<Map<String, Object>> halfOpened = new CopyOnWriteArrayList<>();
		List<Map<String, Object>> closed = new CopyOnWriteArrayList<>();
		ServiceBroker a = this.cluster.broker("a",
				// Half-open after 2 s: long enough for the calls made while open, even on a loaded machine.
				(o) -> o.circuitBreaker(new CircuitBreakerOptions(true, 0.5, 4, Duration.ofSeconds(60),
						Duration.ofSeconds(2), CircuitBreakerOptions.DEFAULT_CHECK)),
				recorder("$circuit-breaker.opened", opened), recorder("$circuit-breaker.half-opened", halfOpened),
				recorder("$circuit-breaker.closed", closed));
		AtomicBoolean bSick = new AtomicBoolean();
		AtomicBoolean cSick = new AtomicBoolean(true);
		AtomicInteger cCalls = new AtomicInteger();
		this.cluster.broker("b", replica(bSick, new AtomicInteger()));
		this.cluster.broker("c", replica(cSick, cCalls));
		this.cluster.startAll();
		for (int i = 0; i < 12; i++) {
			a.call("work.do", null).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> opened.size() == 1);
		assertThat(opened.get(0)).containsEntry("nodeID", "c").containsEntry("action", "work.do")
			.containsEntry("service", "work").containsKeys("failures", "count", "rate");
		assertThat(a.circuitBreakers().state("c", "work.do")).isIn(CircuitBreaker.State.OPEN,
				CircuitBreaker.State.HALF_OPEN);
		int cBefore = cCalls.get();
		List<Object> whileOpen = new ArrayList<>();
		for (int i = 0; i < 10 && a.circuitBreakers().state("c", "work.do") == CircuitBreaker.State.OPEN; i++) {
			whileOpen.add(a.call("work.do", null).get(10, TimeUnit.SECONDS));
		}
		assertThat(whileOpen).isNotEmpty().allSatisfy((node) -> assertThat(node).isEqualTo("b"));
		assertThat(cCalls.get()).isEqualTo(cBefore);
		// Recovery: the replica heals, the half-open probe succeeds and the breaker closes.
		cSick.set(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> halfOpened.size() >= 1);
		assertThat(halfOpened.get(0)).containsEntry("nodeID", "c").containsEntry("action", "work.do");
		Map<Object, Integer> hits = new ConcurrentHashMap<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			hits.merge(a.call("work.do", null).get(10, TimeUnit.SECONDS), 1, Integer::sum);
			return !closed.isEmpty();
		});
		assertThat(closed.get(0)).containsEntry("nodeID", "c");
		hits.clear();
		for (int i = 0; i < 10; i++) {
			hits.merge(a.call("work.do", null).get(10, TimeUnit.SECONDS), 1, Integer::sum);
		}
		assertThat(hits).containsOnlyKeys("b", "c");
	}

	@Test
	void breakerIgnoresClientErrorsAndErrorsFromOtherNodes() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.circuitBreaker(new CircuitBreakerOptions(true, 0.5, 2,
				Duration.ofSeconds(60), Duration.ofSeconds(10), CircuitBreakerOptions.DEFAULT_CHECK)));
		this.cluster.broker("b", ServiceDefinition.builder("picky").action("check", (ctx) -> {
			throw new MoleculerClientError("bad input", 400, "BAD", null);
		}).build());
		this.cluster.startAll();
		for (int i = 0; i < 10; i++) {
			assertThat(failure(a.call("picky.check", null)).getCode()).isEqualTo(400);
		}
		assertThat(a.circuitBreakers().state("b", "picky.check")).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void directCallToAnOpenEndpointFailsFastWithServiceNotAvailable() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.circuitBreaker(new CircuitBreakerOptions(true, 0.5, 2,
				Duration.ofSeconds(60), Duration.ofSeconds(30), CircuitBreakerOptions.DEFAULT_CHECK)));
		this.cluster.broker("b", replica(new AtomicBoolean(true), new AtomicInteger()));
		this.cluster.startAll();
		failure(a.call("work.do", null));
		failure(a.call("work.do", null));
		assertThat(a.circuitBreakers().state("b", "work.do")).isEqualTo(CircuitBreaker.State.OPEN);
		MoleculerError error = failure(a.call("work.do", null, CallOptions.nodeID("b")));
		assertThat(error).isInstanceOf(ServiceNotAvailableError.class);
		assertThat(error.isRetryable()).isTrue();
		assertThat(failure(a.call("work.do", null))).isInstanceOf(ServiceNotAvailableError.class);
	}

	@Test
	void threeReplicasWithOneFailingAnswerEveryCallWhenRetriesAreOn() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.retryPolicy(
				new RetryPolicy(true, 3, Duration.ofMillis(10), Duration.ofMillis(50), 2, RetryPolicy.DEFAULT_CHECK)));
		AtomicInteger sickCalls = new AtomicInteger();
		this.cluster.broker("b", replica(new AtomicBoolean(), new AtomicInteger()));
		this.cluster.broker("c", replica(new AtomicBoolean(true), sickCalls));
		this.cluster.broker("d", replica(new AtomicBoolean(), new AtomicInteger()));
		this.cluster.startAll();
		Map<Object, Integer> answeredBy = new ConcurrentHashMap<>();
		for (int i = 0; i < 60; i++) {
			answeredBy.merge(a.call("work.do", null).get(10, TimeUnit.SECONDS), 1, Integer::sum);
		}
		assertThat(answeredBy.keySet()).containsExactlyInAnyOrder("b", "d");
		assertThat(answeredBy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
		assertThat(sickCalls.get()).isPositive();
	}

	@Test
	void perCallRetriesOverrideThePolicyAndNonRetryableErrorsAreNotRetried() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		AtomicInteger attempts = new AtomicInteger();
		AtomicInteger clientAttempts = new AtomicInteger();
		this.cluster.broker("b", ServiceDefinition.builder("flaky").action("thrice", (ctx) -> {
			if (attempts.incrementAndGet() < 3) {
				throw new MoleculerRetryableError("try again");
			}
			return "third time lucky";
		}).action("client", (ctx) -> {
			clientAttempts.incrementAndGet();
			throw new MoleculerClientError("no", 400, null, null);
		}).build());
		this.cluster.startAll();
		assertThat(failure(a.call("flaky.thrice", null))).isInstanceOf(MoleculerRetryableError.class);
		attempts.set(0);
		assertThat(a.call("flaky.thrice", null, CallOptions.builder().retries(3).build()).get(30, TimeUnit.SECONDS))
			.isEqualTo("third time lucky");
		assertThat(attempts.get()).isEqualTo(3);
		failure(a.call("flaky.client", null, CallOptions.builder().retries(3).build()));
		assertThat(clientAttempts.get()).isEqualTo(1);
	}

	@Test
	void retryPolicyDelaysGrowByTheFactorUpToMaxDelay() {
		RetryPolicy policy = RetryPolicy.defaults();
		assertThat(policy.delayFor(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(policy.delayFor(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(policy.delayFor(4)).isEqualTo(Duration.ofMillis(800));
		assertThat(policy.delayFor(5)).isEqualTo(Duration.ofMillis(1000));
		assertThat(policy.merge(Map.of("enabled", true, "retries", 2, "delay", 50)))
			.satisfies((merged) -> {
				assertThat(merged.enabled()).isTrue();
				assertThat(merged.retries()).isEqualTo(2);
				assertThat(merged.delay()).isEqualTo(Duration.ofMillis(50));
				assertThat(merged.maxDelay()).isEqualTo(Duration.ofSeconds(1));
			});
	}

	@Test
	void actionLevelRetryPolicyFromTheRemoteDescriptorIsApplied() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		AtomicInteger attempts = new AtomicInteger();
		this.cluster.broker("b", ServiceDefinition.builder("flaky").action(ActionDefinition.builder("twice")
			.retryPolicy(Map.of("enabled", true, "retries", 2, "delay", 5))
			.handler((ctx) -> {
				if (attempts.incrementAndGet() < 2) {
					throw new MoleculerRetryableError("try again");
				}
				return "ok";
			})
			.build()).build());
		this.cluster.startAll();
		assertThat(a.call("flaky.twice", null).get(30, TimeUnit.SECONDS)).isEqualTo("ok");
		assertThat(attempts.get()).isEqualTo(2);
	}

	@Test
	void bulkheadRejectsABurstBeyondConcurrencyAndQueue() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger maxRunning = new AtomicInteger();
		this.cluster.broker("b", (o) -> o.bulkhead(new BulkheadOptions(true, 2, 3)),
				ServiceDefinition.builder("narrow").action("gate", (ctx) -> CompletableFuture.supplyAsync(() -> {
					maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
					try {
						release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					running.decrementAndGet();
					return "done";
				})).build());
		this.cluster.startAll();
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			calls.add(a.call("narrow.gate", null));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 5);
		List<MoleculerError> rejected = new ArrayList<>();
		for (CompletableFuture<Object> call : calls) {
			if (call.isDone()) {
				rejected.add(failure(call));
			}
		}
		assertThat(rejected).hasSize(5).allSatisfy((error) -> {
			assertThat(error).isInstanceOf(QueueIsFullError.class);
			assertThat(error.getCode()).isEqualTo(429);
			assertThat(error.getNodeID()).isEqualTo("b");
		});
		release.countDown();
		for (CompletableFuture<Object> call : calls) {
			if (!call.isCompletedExceptionally()) {
				assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
			}
		}
		assertThat(maxRunning.get()).isEqualTo(2);
	}

	@Test
	void callLevelFallbackValueAndFunctionAnswerAFailedCall() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		this.cluster.broker("b", ServiceDefinition.builder("down").action("now", (ctx) -> {
			throw new MoleculerServerError("down");
		}).build());
		this.cluster.startAll();
		assertThat(a.call("down.now", null, CallOptions.builder().fallbackValue("cached").build()).get(30, TimeUnit.SECONDS))
			.isEqualTo("cached");
		assertThat(a.call("down.now", null, CallOptions.builder().fallback((error) -> "fallback for " + error.getMessage())
			.build()).get(30, TimeUnit.SECONDS)).isEqualTo("fallback for down");
		assertThat(a.call("missing.action", null, CallOptions.builder().fallbackValue(List.of()).build()).get(30, TimeUnit.SECONDS))
			.isEqualTo(List.of());
	}

	@Test
	void actionLevelFallbackAnswersOnTheCallee() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		this.cluster.broker("b", ServiceDefinition.builder("quotes")
			.action(ActionDefinition.builder("today").handler((ctx) -> {
				throw new IllegalStateException("upstream down");
			}).fallback((Context ctx, Throwable error) -> "Stay calm (" + error.getMessage() + ")").build())
			.build());
		this.cluster.startAll();
		assertThat(a.call("quotes.today", null).get(30, TimeUnit.SECONDS)).isEqualTo("Stay calm (upstream down)");
	}

	@Test
	void strategiesDistributeAsTheirNamesSay() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.strategy("Random"));
		ServiceDefinition echo = ServiceDefinition.builder("echo")
			.action("who", (ctx) -> ctx.broker().nodeID())
			.action(ActionDefinition.builder("sharded")
				.strategy("Shard", Map.of("shardKey", "userId"))
				.handler((ctx) -> ctx.broker().nodeID())
				.build())
			.action(ActionDefinition.builder("byTenant")
				.strategy("Shard", Map.of("shardKey", "#tenant"))
				.handler((ctx) -> ctx.broker().nodeID())
				.build())
			.build();
		this.cluster.broker("b", echo);
		this.cluster.broker("c", echo);
		this.cluster.broker("d", echo);
		this.cluster.startAll();
		Map<Object, Integer> random = new ConcurrentHashMap<>();
		for (int i = 0; i < 150; i++) {
			random.merge(a.call("echo.who", null).get(30, TimeUnit.SECONDS), 1, Integer::sum);
		}
		assertThat(random.keySet()).containsExactlyInAnyOrder("b", "c", "d");
		Map<Object, Integer> owners = new ConcurrentHashMap<>();
		for (int user = 0; user < 30; user++) {
			Object first = a.call("echo.sharded", Map.of("userId", "user-" + user)).get(30, TimeUnit.SECONDS);
			for (int repeat = 0; repeat < 5; repeat++) {
				assertThat(a.call("echo.sharded", Map.of("userId", "user-" + user)).get(30, TimeUnit.SECONDS)).isEqualTo(first);
			}
			owners.merge(first, 1, Integer::sum);
		}
		assertThat(owners.size()).isGreaterThanOrEqualTo(2);
		Object tenantOwner = a.call("echo.byTenant", null, CallOptions.meta(new java.util.HashMap<>(Map.of("tenant", "acme"))))
			.get(30, TimeUnit.SECONDS);
		for (int repeat = 0; repeat < 5; repeat++) {
			assertThat(a.call("echo.byTenant", null,
					CallOptions.meta(new java.util.HashMap<>(Map.of("tenant", "acme")))).get(30, TimeUnit.SECONDS)).isEqualTo(tenantOwner);
		}
	}

}
