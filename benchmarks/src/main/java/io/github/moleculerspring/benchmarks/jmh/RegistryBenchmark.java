package io.github.moleculerspring.benchmarks.jmh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.JsonPacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.ServiceInfo;
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
 * The cost of a big registry: a node with 10,000 actions (100 services × 100 actions). Measures
 * a local call into it (endpoint lookup among 10,000 actions through the full call path), the
 * lookup alone in a registry that also knows 100 remote nodes with the same 10,000 actions each
 * (one million endpoints), and encoding, decoding and applying that node's INFO packet. The setup
 * prints the INFO size and the heap per registered remote endpoint.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = { "-Xmx4g" })
public class RegistryBenchmark {

	static final int SERVICES = 100;

	static final int ACTIONS = 100;

	static final int REMOTE_NODES = 100;

	private ServiceBroker big;

	private ServiceBroker reader;

	private final JsonPacketSerializer serializer = new JsonPacketSerializer();

	private InfoPacket info;

	private byte[] infoBytes;

	private final AtomicLong seq = new AtomicLong(1);

	private final Map<String, Object> params = Map.of("data", "x".repeat(64));

	@Setup(Level.Trial)
	public void start() {
		this.big = new ServiceBroker(BrokerOptions.builder().nodeID("big").build());
		for (int s = 0; s < SERVICES; s++) {
			ServiceDefinition.Builder service = ServiceDefinition.builder("svc" + s);
			for (int a = 0; a < ACTIONS; a++) {
				service.action("act" + a, (ctx) -> ctx.params());
			}
			this.big.createService(service.build());
		}
		this.big.start().join();
		List<ServiceInfo> services = this.big.registry().localServiceInfos();
		this.info = new InfoPacket(services, List.of("127.0.0.1"), "host", Map.of("type", "java"), Map.of(),
				"instance", Map.of(), 1L, "5", "remote-0");
		this.infoBytes = this.serializer.serialize(this.info);
		this.reader = new ServiceBroker(BrokerOptions.builder().nodeID("reader").build());
		this.reader.start().join();
		long before = usedHeapAfterGc();
		for (int n = 0; n < REMOTE_NODES; n++) {
			this.reader.registry().processNodeInfo(withSender(this.info, "remote-" + n, 1));
		}
		long after = usedHeapAfterGc();
		long endpoints = (long) REMOTE_NODES * SERVICES * ACTIONS;
		System.out.printf("%nINFO of a node with %,d actions: %,d bytes; %,d remote endpoints registered: "
				+ "%,d bytes of heap each%n", SERVICES * ACTIONS, this.infoBytes.length, endpoints,
				(after - before) / endpoints);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.big.close();
		this.reader.close();
	}

	/** A local call in a broker holding 10,000 actions (compare with LocalCallBenchmark.localCall). */
	@Benchmark
	public Object localCallAmong10000Actions() {
		return this.big.call("svc57.act42", this.params).join();
	}

	/** Finding the endpoints of one action among 10,000 actions × 100 remote nodes. */
	@Benchmark
	public int lookupAmongOneMillionEndpoints() {
		return this.reader.registry().getActionEndpoints("svc57.act42").count();
	}

	@Benchmark
	public byte[] serializeInfoOf10000Actions() {
		return this.serializer.serialize(this.info);
	}

	@Benchmark
	public Object deserializeInfoOf10000Actions() {
		return this.serializer.deserialize(PacketType.INFO, this.infoBytes);
	}

	/** Applying a changed INFO (new seq) of a known node with 10,000 actions: re-registers them. */
	@Benchmark
	public Object processInfoOf10000Actions() {
		return this.reader.registry().processNodeInfo(withSender(this.info, "remote-0", this.seq.incrementAndGet()));
	}

	private static InfoPacket withSender(InfoPacket info, String sender, long seq) {
		return new InfoPacket(info.services(), info.ipList(), info.hostname(), info.client(), info.config(),
				sender + "-instance", info.metadata(), seq, info.ver(), sender);
	}

	private static long usedHeapAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
