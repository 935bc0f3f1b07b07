package io.github.moleculerspring.benchmarks.loop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClosedLoopTests {

	@Test
	void operationsThatCompleteOnTheStartingThreadDoNotNestUntilTheStackOverflows() throws Exception {
		ClosedLoop loop = new ClosedLoop(() -> CompletableFuture.completedFuture("done"), 16);
		ClosedLoop.Result result = loop.run(0.2, 0.3);
		// Each completion starts the next; nested, a few thousand of them overflow the stack.
		assertThat(result.count()).isGreaterThan(100_000);
		assertThat(result.errors()).isZero();
		assertThat(result.firstError()).isEmpty();
	}

	@Test
	void asynchronousOperationsKeepExactlyTheGivenNumberInFlight() throws Exception {
		ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
		try {
			AtomicInteger inFlight = new AtomicInteger();
			AtomicInteger most = new AtomicInteger();
			ClosedLoop loop = new ClosedLoop(() -> {
				most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
				CompletableFuture<Object> future = new CompletableFuture<>();
				timer.schedule(() -> {
					inFlight.decrementAndGet();
					future.complete("done");
				}, 1, TimeUnit.MILLISECONDS);
				return future;
			}, 4);
			ClosedLoop.Result result = loop.run(0.1, 0.3);
			assertThat(most.get()).isEqualTo(4);
			assertThat(result.count()).isPositive();
			assertThat(result.p50()).isGreaterThanOrEqualTo(1000);
		}
		finally {
			timer.shutdownNow();
		}
	}

	@Test
	void failuresAreCountedWithTheFirstError() throws Exception {
		ClosedLoop loop = new ClosedLoop(() -> {
			throw new IllegalStateException("no \"endpoint\"");
		}, 2);
		ClosedLoop.Result result = loop.run(0.05, 0.1);
		assertThat(result.count()).isZero();
		assertThat(result.errors()).isPositive();
		assertThat(result.firstError()).contains("no \"endpoint\"");
		assertThat(result.json()).contains("\"error\":\"java.lang.IllegalStateException: no 'endpoint'\"");
	}

	@Test
	void atLeastOneInFlight() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClosedLoop(CompletableFuture::new, 0));
	}

}
