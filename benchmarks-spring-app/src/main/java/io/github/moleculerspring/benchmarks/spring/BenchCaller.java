package io.github.moleculerspring.benchmarks.spring;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.benchmarks.loop.ClosedLoop;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.broker.ServiceBroker;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The caller profile: through the injected {@link ServiceBroker}, a closed loop of calls to
 * {@code bench.<action>} on the responder, then one {@code RESULT {json}} line and exit. Options
 * (as {@code --bench.x=...}): {@code size} (64), {@code inflight} (1), {@code warmup} (s),
 * {@code duration} (s), {@code action} ({@code echo} or {@code echoRecord}), {@code timeout} (ms
 * per call, 0 = none).
 */
@Component
@Profile("caller")
class BenchCaller implements ApplicationRunner {

	private final ServiceBroker broker;

	private final ConfigurableApplicationContext context;

	BenchCaller(ServiceBroker broker, ConfigurableApplicationContext context) {
		this.broker = broker;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		var env = this.context.getEnvironment();
		int size = env.getProperty("bench.size", Integer.class, 64);
		int inflight = env.getProperty("bench.inflight", Integer.class, 1);
		double warmup = env.getProperty("bench.warmup", Double.class, 3.0);
		double duration = env.getProperty("bench.duration", Double.class, 5.0);
		String action = "bench." + env.getProperty("bench.action", "echo");
		long timeout = env.getProperty("bench.timeout", Long.class, 0L);
		awaitAction(action);
		Map<String, Object> params = Map.of("data", "x".repeat(size));
		CallOptions options = (timeout > 0) ? CallOptions.timeout(Duration.ofMillis(timeout)) : CallOptions.DEFAULT;
		ClosedLoop loop = new ClosedLoop(() -> this.broker.call(action, params, options), inflight);
		ClosedLoop.Result result = loop.run(warmup, duration);
		System.out.println("RESULT " + result.json());
		System.out.flush();
		System.exit(org.springframework.boot.SpringApplication.exit(this.context, () -> 0));
	}

	private void awaitAction(String action) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (this.broker.registry().getActionEndpoints(action) == null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(action + " not found");
			}
			Thread.sleep(50);
		}
	}

}
