package io.github.moleculerspring.benchmarks.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.service.ServiceDefinition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A local call through the broker's full call path (endpoint selection, context, middlewares:
 * bulkhead, circuit breaker, timeout, fallback) with no transporter, and a local event emit. One
 * thread, the caller's, runs the handler, as it does in Moleculer.js.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LocalCallBenchmark {

	private ServiceBroker broker;

	private final Map<String, Object> params = Map.of("data", "x".repeat(64));

	@Setup(Level.Trial)
	public void start() {
		this.broker = new ServiceBroker(BrokerOptions.builder().nodeID("jmh-local").build());
		this.broker.createService(ServiceDefinition.builder("bench")
			.action("echo", (ctx) -> ctx.params())
			.event("bench.event", (ctx) -> null)
			.build());
		this.broker.start().join();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.broker.close();
	}

	@Benchmark
	public Object localCall() {
		return this.broker.call("bench.echo", this.params).join();
	}

	@Benchmark
	public void localEmit() {
		this.broker.emit("bench.event", this.params, EmitOptions.DEFAULT);
	}

}
