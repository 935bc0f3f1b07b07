package io.github.moleculerspring.benchmarks.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.context.ValueConverter;
import io.github.moleculerspring.protocol.JsonPacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.protocol.ResponsePacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding of the two packets on the request path, REQ and RES, with the benchmark's
 * echo params {@code {"data": "<size chars>"}}. Run with {@code -prof gc} for allocation per
 * operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

	@Param({ "64", "4096" })
	public int size;

	private final JsonPacketSerializer serializer = new JsonPacketSerializer();

	private final ValueConverter values = new ValueConverter(this.serializer.mapper());

	private ResponsePacket echo;

	private RequestPacket request;

	private ResponsePacket response;

	private byte[] requestBytes;

	private byte[] responseBytes;

	@Setup
	public void setUp() {
		Map<String, Object> params = Map.of("data", "x".repeat(this.size));
		this.request = new RequestPacket("4f0d6f3c-2b7e-4a3e-9a7c-1d2e3f4a5b6c", "bench.echo", params,
				new LinkedHashMap<>(), null, 0, 1, null, null, "4f0d6f3c-2b7e-4a3e-9a7c-1d2e3f4a5b6c", null, false,
				null, "5", "java-caller");
		this.response = new ResponsePacket("4f0d6f3c-2b7e-4a3e-9a7c-1d2e3f4a5b6c", new LinkedHashMap<>(), null, true,
				params, null, null, null, "5", "java-responder");
		this.requestBytes = this.serializer.serialize(this.request);
		this.responseBytes = this.serializer.serialize(this.response);
		RequestPacket received = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST, this.requestBytes);
		this.echo = new ResponsePacket(received.id(), new LinkedHashMap<>(), null, true, received.params(), null, null,
				null, "5", "java-responder");
	}

	/** The params of a request as a handler's declared type. */
	public record Echo(String data) {
	}

	@Benchmark
	public byte[] serializeRequest() {
		return this.serializer.serialize(this.request);
	}

	@Benchmark
	public Object deserializeRequest() {
		return this.serializer.deserialize(PacketType.REQUEST, this.requestBytes);
	}

	@Benchmark
	public byte[] serializeResponse() {
		return this.serializer.serialize(this.response);
	}

	@Benchmark
	public Object deserializeResponse() {
		return this.serializer.deserialize(PacketType.RESPONSE, this.responseBytes);
	}

	/** A received REQ with its params bound to plain values (a {@code Map} handler). */
	@Benchmark
	public Object deserializeRequestToMap() {
		RequestPacket packet = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST, this.requestBytes);
		return this.values.natural(packet.params());
	}

	/** A received REQ with its params bound to a record (a typed handler). */
	@Benchmark
	public Object deserializeRequestToRecord() {
		RequestPacket packet = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST, this.requestBytes);
		return this.values.convertResult(packet.params(), Echo.class);
	}

	/** The RES of an echo: the received params written back unchanged. */
	@Benchmark
	public byte[] serializeEchoResponse() {
		return this.serializer.serialize(this.echo);
	}

}
