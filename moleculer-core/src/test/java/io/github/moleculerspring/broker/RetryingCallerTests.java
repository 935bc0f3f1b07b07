package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.MoleculerRetryableError;
import io.github.moleculerspring.error.RequestSkippedError;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link RetryingCaller} with scripted attempts: what it retries, how often, which nodes the next
 * attempt avoids, and what the middlewares and the caller's fallback see.
 */
class RetryingCallerTests {

	private static final RetryPolicy TWO_RETRIES = new RetryPolicy(true, 2, Duration.ofMillis(1),
			Duration.ofMillis(5), 2, RetryPolicy.DEFAULT_CHECK);

	private final List<ServiceBroker> brokers = new ArrayList<>();

	/** The attempts made: their retry number and the nodes they were told to avoid. */
	private final List<Integer> retries = new ArrayList<>();

	private final List<Set<String>> avoided = new ArrayList<>();

	/** What the middleware chain heard: "retried work.do work 1 ..." and "fellBack ...". */
	private final List<String> heard = new ArrayList<>();

	private final AtomicBoolean stopped = new AtomicBoolean();

	@AfterEach
	void close() {
		this.brokers.forEach(ServiceBroker::close);
	}

	/** A local endpoint of {@code work.do} on a broker of the given node (never started). */
	private ActionEndpoint endpoint(String nodeID, @Nullable Map<String, Object> retryPolicy) {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder().nodeID(nodeID).internalServices(false).build());
		this.brokers.add(broker);
		ActionDefinition.Builder action = ActionDefinition.builder("do").handler((ctx) -> "ok");
		if (retryPolicy != null) {
			action.retryPolicy(retryPolicy);
		}
		broker.createService(ServiceDefinition.builder("work").action(action.build()).build());
		return broker.registry().getLocalActionEndpoint("work.do");
	}

	/** A retrying caller whose attempts run on the given endpoints in turn, with the given outcomes. */
	private RetryingCaller caller(RetryPolicy policy, List<ActionEndpoint> endpoints, List<Object> outcomes) {
		Middleware recorder = new Middleware() {

			@Override
			public void retried(String action, @Nullable String service, int attempt, Throwable error) {
				RetryingCallerTests.this.heard.add("retried " + action + " " + service + " " + attempt);
			}

			@Override
			public void fellBack(String action, @Nullable String service, Throwable error) {
				RetryingCallerTests.this.heard.add("fellBack " + action + " " + service + " " + error.getMessage());
			}

		};
		RetryingCaller.Attempts attempts = (action, params, options, parent, retry, failedNodes, failures) -> {
			this.retries.add(retry);
			this.avoided.add((failedNodes != null) ? new HashSet<>(failedNodes) : Set.of());
			int index = Math.min(retry, outcomes.size() - 1);
			Object outcome = outcomes.get(index);
			CompletableFuture<Object> result = (outcome instanceof Throwable error)
					? CompletableFuture.supplyAsync(() -> {
						throw (RuntimeException) error;
					}) : CompletableFuture.supplyAsync(() -> outcome);
			ActionEndpoint target = endpoints.get(Math.min(retry, endpoints.size() - 1));
			// As ActionCaller.attempt does: a failure goes to the failures handler with the endpoint it ran on.
			return result.handle((value, error) -> (error == null) ? CompletableFuture.completedFuture(value)
					: failures.failed(MoleculerErrors.unwrap(error), target, action, params, options, parent, retry,
							failedNodes))
				.thenCompose((future) -> future);
		};
		return new RetryingCaller(attempts, policy, new MiddlewareChain(List.of(recorder)),
				(millis) -> CompletableFuture.completedFuture(null), Runnable::run, this.stopped::get);
	}

	private static Throwable failure(CompletableFuture<Object> result) {
		return assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS)).getCause();
	}

	@Test
	void retriesARetryableFailureOnAnotherNodeEachTime() throws Exception {
		RetryingCaller caller = caller(TWO_RETRIES, List.of(endpoint("b", null), endpoint("c", null)),
				List.of(new MoleculerRetryableError("b is down"), new MoleculerRetryableError("c is down"), "ok"));
		assertThat(caller.call("work.do", null, CallOptions.DEFAULT, null).get(10, TimeUnit.SECONDS))
			.isEqualTo("ok");
		assertThat(this.retries).containsExactly(0, 1, 2);
		assertThat(this.avoided).containsExactly(Set.of(), Set.of("b"), Set.of("b", "c"));
		assertThat(this.heard).containsExactly("retried work.do work 1", "retried work.do work 2");
	}

	@Test
	void givesUpWithTheLastFailureAfterThePolicysRetries() {
		RetryingCaller caller = caller(TWO_RETRIES, List.of(endpoint("b", null)),
				List.of(new MoleculerRetryableError("still down")));
		Throwable error = failure(caller.call("work.do", null, CallOptions.DEFAULT, null));
		assertThat(error).isInstanceOf(MoleculerRetryableError.class).hasMessage("still down");
		assertThat(this.retries).containsExactly(0, 1, 2);
	}

	@Test
	void doesNotRetryANonRetryableError() {
		RetryingCaller caller = caller(TWO_RETRIES, List.of(endpoint("b", null)),
				List.of(new MoleculerClientError("bad params")));
		assertThat(failure(caller.call("work.do", null, CallOptions.DEFAULT, null)))
			.isInstanceOf(MoleculerClientError.class);
		assertThat(this.retries).containsExactly(0);
		assertThat(this.heard).isEmpty();
	}

	@Test
	void theCallsRetriesOverrideThePolicyAndTheActionsPolicyIsMergedIn() {
		RetryingCaller byCall = caller(TWO_RETRIES, List.of(endpoint("b", null)),
				List.of(new MoleculerRetryableError("down")));
		failure(byCall.call("work.do", null, CallOptions.builder().retries(1).build(), null));
		assertThat(this.retries).containsExactly(0, 1);
		this.retries.clear();
		RetryingCaller byAction = caller(RetryPolicy.defaults(),
				List.of(endpoint("c", Map.of("enabled", true, "retries", 3, "delay", 1))),
				List.of(new MoleculerRetryableError("down")));
		failure(byAction.call("work.do", null, CallOptions.DEFAULT, null));
		assertThat(this.retries).containsExactly(0, 1, 2, 3);
	}

	@Test
	void neitherASkippedAttemptNorAnyAttemptOnceStoppedIsRetried() {
		// As ActionCaller.attempt does when the parent's time is up: the failure without asking the failures handler.
		RetryingCaller.Attempts skipped = (action, params, options, parent, retry, failedNodes, failures) -> {
			this.retries.add(retry);
			return CompletableFuture.failedFuture(new RequestSkippedError(action, "a"));
		};
		RetryingCaller caller = new RetryingCaller(skipped,
				new RetryPolicy(true, 2, Duration.ofMillis(1), Duration.ofMillis(5), 2, (error) -> true),
				new MiddlewareChain(List.of()), (millis) -> CompletableFuture.completedFuture(null), Runnable::run,
				() -> false);
		assertThat(failure(caller.call("work.do", null, CallOptions.DEFAULT, null)))
			.isInstanceOf(RequestSkippedError.class);
		assertThat(this.retries).containsExactly(0);
		this.retries.clear();
		this.stopped.set(true);
		RetryingCaller afterStop = caller(TWO_RETRIES, List.of(endpoint("b", null)),
				List.of(new MoleculerRetryableError("down")));
		failure(afterStop.call("work.do", null, CallOptions.DEFAULT, null));
		assertThat(this.retries).containsExactly(0);
	}

	@Test
	void theCallersFallbackAnswersWhatStillFailsAndTheMiddlewaresHearOfIt() throws Exception {
		RetryingCaller caller = caller(TWO_RETRIES, List.of(endpoint("b", null)),
				List.of(new MoleculerRetryableError("down")));
		Object result = caller
			.call("work.do", null, CallOptions.builder().retries(1).fallback((error) -> "fallback").build(), null)
			.get(10, TimeUnit.SECONDS);
		assertThat(result).isEqualTo("fallback");
		assertThat(this.retries).containsExactly(0, 1);
		assertThat(this.heard).containsExactly("retried work.do work 1", "fellBack work.do null down");
	}

}
