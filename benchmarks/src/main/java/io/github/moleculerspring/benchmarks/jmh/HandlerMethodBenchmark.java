package io.github.moleculerspring.benchmarks.jmh;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.moleculerspring.annotation.support.MoleculerHandlerMethod;
import io.github.moleculerspring.annotation.support.MoleculerHandlerMethodFactory;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.Context;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The annotation layer alone: an {@code @Action}-style {@code Map} echo and record echo invoked
 * through their {@link MoleculerHandlerMethod}, with the params as a {@code JsonNode} (the form
 * params from another node have today), on a context captured from a real call. Measures argument
 * resolution, binding and invocation, not the broker's call path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandlerMethodBenchmark {

	private ServiceBroker broker;

	private MoleculerHandlerMethod mapEcho;

	private MoleculerHandlerMethod recordEcho;

	private Context ctx;

	@Setup(Level.Trial)
	public void start() throws Exception {
		JsonMapper mapper = BrokerOptions.defaultMapper();
		MoleculerHandlerMethodFactory factory = new MoleculerHandlerMethodFactory(mapper, null);
		Handlers handlers = new Handlers();
		this.mapEcho = factory.createActionMethod(handlers, method("mapEcho"), Handlers.class);
		this.recordEcho = factory.createActionMethod(handlers, method("recordEcho"), Handlers.class);
		AtomicReference<Context> captured = new AtomicReference<>();
		this.broker = new ServiceBroker(BrokerOptions.builder().nodeID("jmh-handler").internalServices(false).build());
		this.broker.createService(ServiceDefinition.builder("bench").action("capture", (ctx) -> {
			captured.set(ctx);
			return null;
		}).build());
		this.broker.start().join();
		JsonNode params = mapper.readTree("{\"id\":42,\"name\":\"" + "x".repeat(40) + "\",\"active\":true}");
		this.broker.call("bench.capture", params).join();
		this.ctx = captured.get();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.broker.close();
	}

	@Benchmark
	public Object mapEcho() throws Exception {
		return this.mapEcho.invoke(this.ctx);
	}

	@Benchmark
	public Object recordEcho() throws Exception {
		return this.recordEcho.invoke(this.ctx);
	}

	private static Method method(String name) throws NoSuchMethodException {
		for (Method method : Handlers.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new NoSuchMethodException(name);
	}

	/** The echo record. */
	public record Item(long id, String name, boolean active) {
	}

	/** The handlers, shaped as {@code @Action} methods. */
	public static class Handlers {

		public Map<String, Object> mapEcho(Map<String, Object> params) {
			return params;
		}

		public Item recordEcho(Item item) {
			return item;
		}

	}

}
