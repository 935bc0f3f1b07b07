package io.github.moleculerspring.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.benchmarks.loop.ClosedLoop;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.test.Tools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster benchmark: on its own nats-server, for each pair (raw jnats request/reply, Java to
 * Java, Moleculer.js to Java, Java to Moleculer.js, Moleculer.js to Moleculer.js), each params size
 * and each number of calls in flight, a responder process and a caller process (pinned to different
 * cores) run a closed loop: warm-up, then a measured window. Every measurement is repeated with the
 * pair order rotated, and the table shows medians with the ratios to raw jnats and to Moleculer.js.
 * Balanced events/s and local calls/s complete it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.moleculerspring.benchmarks.BenchmarkRunner [quick=true] [repeats=3] [warmup=3] [duration=5] [out=file.md]
 * </pre>
 *
 * For a partial run while working on one path: {@code pairs=raw,java-java,js-java,java-js,js-js},
 * {@code sizes=64,4096}, {@code inflights=1,16,128}, {@code parts=calls,events,local}.
 */
public final class BenchmarkRunner {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> PAIRS = List.of("raw jnats", "raw jnats pub/sub", "Java → Java", "Java → Java, timeout 5 s",
			"Moleculer.js → Java", "Java → Moleculer.js", "Spring → Spring", "Spring → Spring, record",
			"Spring → Spring, timeout 5 s", "Moleculer.js → Spring", "Moleculer.js → Moleculer.js");

	/** The short names of the pairs, for the {@code pairs=} argument, in the order of {@link #PAIRS}. */
	static final List<String> PAIR_KEYS = List.of("raw", "raw-pubsub", "java-java", "java-java-timeout", "js-java",
			"java-js", "spring-spring", "spring-spring-record", "spring-spring-timeout", "js-spring", "js-js");

	/** The pairs that run before the Spring Boot app existed; what a default run of an old build does. */
	static final List<String> CORE_PAIR_KEYS = List.of("raw", "java-java", "js-java", "java-js", "js-js");

	private final Args args;

	private final String nats;

	private final Path js;

	private final boolean pin;

	private final double warmup;

	private final double duration;

	private final Path springJar;

	private final String javaClasspath;

	BenchmarkRunner(Args args, String nats, Path js) {
		this.args = args;
		this.nats = nats;
		this.js = js;
		this.pin = Files.isExecutable(Path.of("/usr/bin/taskset")) && Runtime.getRuntime().availableProcessors() >= 2;
		boolean quick = Boolean.parseBoolean(args.get("quick", "false"));
		this.warmup = args.number("warmup", quick ? 0.5 : 10);
		this.duration = args.number("duration", quick ? 1 : 5);
		this.springJar = Path.of(args.get("springJar",
				Tools.projectRoot().resolve("benchmarks-spring-app/target/benchmarks-spring-app.jar").toString()));
		this.javaClasspath = args.get("javaCp", absoluteClasspath());
	}

	public static void main(String[] argv) throws Exception {
		Args args = new Args(argv);
		Report report = run(args);
		String markdown = report.markdown();
		System.out.println(markdown);
		Path out = Path.of(args.get("out", "benchmarks/target/benchmark-results.md"));
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, markdown);
		System.out.println("Written to " + out.toAbsolutePath());
		System.exit(0);
	}

	/** Runs the whole benchmark and returns its report. */
	static Report run(Args args) throws Exception {
		boolean quick = Boolean.parseBoolean(args.get("quick", "false"));
		Path js = Tools.projectRoot().resolve("benchmarks/js");
		Tools.npmCi(js);
		try (NatsServer server = NatsServer.launch()) {
			BenchmarkRunner runner = new BenchmarkRunner(args, server.url(), js);
			int repeats = args.integer("repeats", quick ? 1 : 5);
			List<Integer> sizes = args.integers("sizes", quick ? List.of(64) : List.of(64, 4096));
			List<Integer> inflights = args.integers("inflights", quick ? List.of(16) : List.of(1, 16, 128));
			List<String> pairs = args.strings("pairs", PAIR_KEYS).stream().map((key) -> {
				int index = PAIR_KEYS.indexOf(key);
				if (index < 0) {
					throw new IllegalArgumentException("Unknown pair '" + key + "'; known: " + PAIR_KEYS);
				}
				return PAIRS.get(index);
			}).toList();
			List<String> parts = args.strings("parts", List.of("calls", "events", "local"));
			if (pairs.stream().anyMatch((pair) -> pair.contains("Spring")) && !Files.isRegularFile(runner.springJar)) {
				throw new IllegalStateException("No Spring Boot benchmark app at " + runner.springJar
						+ ": build it (./mvnw -pl benchmarks-spring-app -am package -DskipTests) or pass springJar=..."
						+ " or leave the Spring pairs out (pairs=" + String.join(",", CORE_PAIR_KEYS) + ")");
			}
			Report report = new Report(runner.describeMachine(server), sizes, inflights, repeats);
			for (int repeat = 0; repeat < repeats; repeat++) {
				List<String> order = new ArrayList<>(parts.contains("calls") ? pairs : List.of());
				Collections.rotate(order, -repeat);
				for (int size : sizes) {
					for (String pair : order) {
						for (int inflight : inflights) {
							Measurement measurement = runner.call(pair, size, inflight, repeat);
							ClosedLoop.Result result = measurement.result();
							report.add(pair, size, inflight, measurement);
							System.err.printf(Locale.ROOT, "[repeat %d] %-30s %5d B %4d in flight: %10.0f req/s  p50 %8.1f µs  p99 %8.1f µs  CPU µs/call caller %s responder %s%s%n",
									repeat + 1, pair, size, inflight, result.opsPerSecond(), result.p50(), result.p99(),
									cpu(measurement.caller()), cpu(measurement.responder()),
									(result.errors() > 0) ? "  errors " + result.errors() + " " + result.firstError()
											// No call completed: say why (a loop that died reports no error count).
											: (result.count() == 0) ? "  NO CALL COMPLETED " + result.firstError() : "");
						}
					}
				}
				for (String emitter : parts.contains("events") ? List.of("Java", "Moleculer.js") : List.<String>of()) {
					ClosedLoop.Result result = runner.events(emitter, repeat);
					report.addEvents(emitter, result);
					System.err.printf(Locale.ROOT, "[repeat %d] events %-14s %10.0f events/s%n", repeat + 1, emitter,
							result.opsPerSecond());
				}
				for (String kind : parts.contains("local") ? List.of("Java", "Moleculer.js") : List.<String>of()) {
					ClosedLoop.Result result = runner.local(kind);
					report.addLocal(kind, result);
					System.err.printf(Locale.ROOT, "[repeat %d] local %-14s %10.0f calls/s%n", repeat + 1, kind,
							result.opsPerSecond());
				}
			}
			return report;
		}
	}

	private static String cpu(ProcSampler.PerCall perCall) {
		return (perCall == null) ? "–" : String.format(Locale.ROOT, "%.1f", perCall.cpuMicros());
	}

	private String describeMachine(NatsServer server) {
		return String.format(Locale.ROOT, "%d cores, Java %s, Node.js %s, nats-server on loopback (port %d), %s",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), nodeVersion(),
				server.port(), this.pin ? "caller pinned to core 0, responder to core 1" : "no CPU pinning");
	}

	private String nodeVersion() {
		try {
			Process process = new ProcessBuilder(Tools.node().toString(), "--version").start();
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/** One measurement of a call pair, with the CPU and context switches of both processes in its window. */
	Measurement call(String pair, int size, int inflight, int repeat) throws Exception {
		String namespace = "bench" + repeat + "-" + size + "-" + inflight + "-" + Math.abs(pair.hashCode());
		List<String> common = new ArrayList<>(List.of("nats=" + this.nats, "namespace=" + namespace, "size=" + size,
				"inflight=" + inflight, "warmup=" + this.warmup, "duration=" + this.duration));
		String key = PAIR_KEYS.get(PAIRS.indexOf(pair));
		if (key.endsWith("-timeout")) {
			common.add("timeout=5000");
		}
		if (key.endsWith("-record")) {
			common.add("action=echoRecord");
		}
		String[] kinds = key.replace("-timeout", "").replace("-record", "").split("-");
		String responderKind = switch (kinds[0]) {
			case "raw" -> "raw";
			default -> kinds[kinds.length - 1];
		};
		String callerKind = kinds[0].equals("raw") ? (key.equals("raw-pubsub") ? "raw-pubsub" : "raw") : kinds[0];
		try (Child responder = start(responderKind, "responder", 1, common)) {
			responder.awaitLine("READY", 90);
			try (Child caller = start(callerKind, "caller", 0, common)) {
				ProcSampler.Sample[] window = new ProcSampler.Sample[4];
				caller.onLine((line) -> {
					if (line.equals("WINDOW start")) {
						window[0] = ProcSampler.sample(caller.pid());
						window[1] = ProcSampler.sample(responder.pid());
					}
					else if (line.equals("WINDOW end")) {
						window[2] = ProcSampler.sample(caller.pid());
						window[3] = ProcSampler.sample(responder.pid());
					}
				});
				ClosedLoop.Result result = caller.result(180);
				return new Measurement(result, perCall(window[0], window[2], result.count()),
						perCall(window[1], window[3], result.count()));
			}
		}
	}

	private static ProcSampler.PerCall perCall(ProcSampler.Sample start, ProcSampler.Sample end, long count) {
		return (start == null || end == null) ? null : end.since(start, count);
	}

	/** Balanced events from an emitter to a listener on another node. */
	ClosedLoop.Result events(String kind, int repeat) throws Exception {
		String node = kind.equals("Java") ? "java" : "js";
		List<String> common = List.of("nats=" + this.nats, "namespace=events" + repeat + node, "size=64",
				"warmup=" + this.warmup, "duration=" + this.duration);
		try (Child listener = start(node, "responder", 1, common)) {
			listener.awaitLine("READY", 60);
			try (Child emitter = start(node, "emitter", 0, common)) {
				return emitter.result(120);
			}
		}
	}

	/** Local calls through the full call path, on one core, no transporter. */
	ClosedLoop.Result local(String kind) throws Exception {
		List<String> common = List.of("size=64", "inflight=128", "warmup=" + this.warmup, "duration=" + this.duration);
		try (Child child = start(kind.equals("Java") ? "java" : "js", "local", 0, common)) {
			return child.result(120);
		}
	}

	private Child start(String kind, String mode, int core, List<String> common) throws IOException {
		List<String> command = new ArrayList<>();
		if (this.pin) {
			command.addAll(List.of("/usr/bin/taskset", "-c", String.valueOf(core)));
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		switch (kind) {
			case "js" -> {
				command.add(Tools.node().toString());
				command.add(this.js.resolve("bench-node.js").toString());
			}
			case "spring" -> {
				// As users run it: java -jar with the JVM's default options.
				command.addAll(List.of(java, "-jar", this.springJar.toAbsolutePath().toString()));
			}
			default -> {
				command.add(java);
				command.addAll(List.of("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC", "-cp", this.javaClasspath));
				command.add(kind.startsWith("raw") ? RawNats.class.getName() : JavaNodes.class.getName());
			}
		}
		if (kind.equals("spring")) {
			command.addAll(springArguments(mode, common));
		}
		else {
			command.add("mode=" + (kind.equals("raw-pubsub") ? "pubsub-caller" : mode));
			command.addAll(common);
		}
		Process process = new ProcessBuilder(command).directory(this.js.toFile()).redirectErrorStream(true).start();
		return new Child(String.join(" ", command), process);
	}

	/** The runner's {@code key=value} arguments as Spring Boot command-line properties. */
	private static List<String> springArguments(String mode, List<String> common) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--moleculer.node-id=spring-" + mode);
		if (mode.equals("caller")) {
			arguments.add("--spring.profiles.active=caller");
		}
		for (String argument : common) {
			int eq = argument.indexOf('=');
			String key = argument.substring(0, eq);
			String value = argument.substring(eq + 1);
			switch (key) {
				case "nats" -> arguments.add("--moleculer.transporter=" + value);
				case "namespace" -> arguments.add("--moleculer.namespace=" + value);
				default -> arguments.add("--bench." + key + "=" + value);
			}
		}
		return arguments;
	}

	/**
	 * A call measurement.
	 * @param result the caller's window
	 * @param caller the caller process per call, or null without /proc (or from a build that does not
	 * print its window)
	 * @param responder the responder process per call, or null
	 */
	record Measurement(ClosedLoop.Result result, ProcSampler.PerCall caller, ProcSampler.PerCall responder) {
	}

	/** A benchmark process and its output. */
	private static final class Child implements AutoCloseable {

		private final String command;

		private final Process process;

		private final BufferedReader output;

		private final List<String> lines = new ArrayList<>();

		private volatile java.util.function.Consumer<String> onLine = (line) -> {
		};

		Child(String command, Process process) {
			this.command = command;
			this.process = process;
			this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		}

		long pid() {
			return this.process.pid();
		}

		/** Called with each line as it is read, on the reading thread. */
		void onLine(java.util.function.Consumer<String> listener) {
			this.onLine = listener;
		}

		void awaitLine(String prefix, int seconds) throws Exception {
			readUntil(prefix, seconds);
		}

		ClosedLoop.Result result(int seconds) throws Exception {
			String line = readUntil("RESULT ", seconds);
			JsonNode json = JSON.readTree(line.substring("RESULT ".length()));
			return new ClosedLoop.Result(json.get("ops").asDouble(), json.get("p50").asDouble(), json.get("p99").asDouble(),
					json.get("p999").asDouble(), json.get("count").asLong(), json.get("errors").asLong(),
					json.get("error").asString());
		}

		private String readUntil(String prefix, int seconds) throws Exception {
			CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
				try {
					String line;
					while ((line = this.output.readLine()) != null) {
						this.lines.add(line);
						this.onLine.accept(line);
						if (line.startsWith(prefix)) {
							return line;
						}
					}
					return null;
				}
				catch (IOException ex) {
					return null;
				}
			});
			String line = found.get(seconds, TimeUnit.SECONDS);
			if (line == null) {
				throw new IllegalStateException("No '" + prefix + "' from " + this.command + ":\n"
						+ String.join("\n", this.lines));
			}
			return line;
		}

		@Override
		public void close() throws Exception {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroy();
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
		}

	}

	private static String absoluteClasspath() {
		List<String> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			entries.add(Path.of(entry).toAbsolutePath().toString());
		}
		return String.join(java.io.File.pathSeparator, entries);
	}

	/** The measurements and their markdown table. */
	static final class Report {

		private final String machine;

		private final List<Integer> sizes;

		private final List<Integer> inflights;

		private final int repeats;

		private final Map<String, List<Measurement>> calls = new LinkedHashMap<>();

		private final Map<String, List<ClosedLoop.Result>> events = new LinkedHashMap<>();

		private final Map<String, List<ClosedLoop.Result>> local = new LinkedHashMap<>();

		Report(String machine, List<Integer> sizes, List<Integer> inflights, int repeats) {
			this.machine = machine;
			this.sizes = sizes;
			this.inflights = inflights;
			this.repeats = repeats;
		}

		void add(String pair, int size, int inflight, Measurement measurement) {
			this.calls.computeIfAbsent(key(pair, size, inflight), (k) -> new ArrayList<>()).add(measurement);
		}

		void addEvents(String emitter, ClosedLoop.Result result) {
			this.events.computeIfAbsent(emitter, (k) -> new ArrayList<>()).add(result);
		}

		void addLocal(String kind, ClosedLoop.Result result) {
			this.local.computeIfAbsent(kind, (k) -> new ArrayList<>()).add(result);
		}

		/**
		 * The medians of a pair across the repeats, each column on its own (so the p99 is the median
		 * of the repeats' p99s, not the p99 of the median run); errors are summed. Null when the pair
		 * was not measured.
		 */
		ClosedLoop.Result median(String pair, int size, int inflight) {
			List<Measurement> measurements = this.calls.get(key(pair, size, inflight));
			if (measurements == null || measurements.isEmpty()) {
				return null;
			}
			List<ClosedLoop.Result> results = measurements.stream().map(Measurement::result).toList();
			return new ClosedLoop.Result(median(results, ClosedLoop.Result::opsPerSecond),
					median(results, ClosedLoop.Result::p50), median(results, ClosedLoop.Result::p99),
					median(results, ClosedLoop.Result::p999), (long) median(results, (r) -> r.count()),
					results.stream().mapToLong(ClosedLoop.Result::errors).sum(),
					results.stream().map(ClosedLoop.Result::firstError).filter((e) -> !e.isEmpty()).findFirst().orElse(""));
		}

		/**
		 * The median per-call cost of one process of a pair across the repeats, each column on its
		 * own; null when no repeat could read /proc.
		 */
		ProcSampler.PerCall medianCost(String pair, int size, int inflight, boolean caller) {
			List<Measurement> measurements = this.calls.get(key(pair, size, inflight));
			if (measurements == null) {
				return null;
			}
			List<ProcSampler.PerCall> costs = measurements.stream()
				.map((m) -> caller ? m.caller() : m.responder())
				.filter(java.util.Objects::nonNull)
				.toList();
			if (costs.isEmpty()) {
				return null;
			}
			return new ProcSampler.PerCall(median(costs, ProcSampler.PerCall::cpuMicros),
					median(costs, ProcSampler.PerCall::voluntary), median(costs, ProcSampler.PerCall::involuntary));
		}

		ClosedLoop.Result medianEvents(String emitter) {
			return median(this.events.get(emitter));
		}

		ClosedLoop.Result medianLocal(String kind) {
			return median(this.local.get(kind));
		}

		/** The median of one column (the upper middle for an even count). */
		static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> column) {
			double[] sorted = values.stream().mapToDouble(column).sorted().toArray();
			return sorted[sorted.length / 2];
		}

		private static ClosedLoop.Result median(List<ClosedLoop.Result> results) {
			if (results == null || results.isEmpty()) {
				return null;
			}
			List<ClosedLoop.Result> sorted = new ArrayList<>(results);
			sorted.sort((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
			return sorted.get(sorted.size() / 2);
		}

		private static String cost(ProcSampler.PerCall cost) {
			return (cost == null) ? "– | – | –"
					: String.format(Locale.ROOT, "%.1f | %.2f | %.2f", cost.cpuMicros(), cost.voluntary(), cost.involuntary());
		}

		private static String ratio(ClosedLoop.Result r, ClosedLoop.Result base, boolean percent) {
			if (base == null) {
				return "–";
			}
			double value = r.opsPerSecond() / base.opsPerSecond();
			return percent ? String.format(Locale.ROOT, "%.0f %%", 100 * value)
					: String.format(Locale.ROOT, "%.2f×", value);
		}

		private static String key(String pair, int size, int inflight) {
			return pair + "|" + size + "|" + inflight;
		}

		String markdown() {
			StringBuilder md = new StringBuilder();
			md.append("Run ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
				.append(" on ").append(this.machine).append(". Median of ").append(this.repeats)
				.append(" run(s) with the pair order rotated, each column's median on its own; latencies in µs;"
						+ " CPU µs, voluntary (vcs) and involuntary (ics) context switches per call of the caller (C)"
						+ " and responder (R) processes over the measured window, from /proc.\n\n");
			md.append("| params | in flight | pair | req/s | p50 | p99 | p99.9 | C CPU µs | C vcs | C ics | R CPU µs | R vcs | R ics | vs raw jnats | vs Moleculer.js |\n");
			md.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
			for (int size : this.sizes) {
				for (int inflight : this.inflights) {
					ClosedLoop.Result raw = median("raw jnats", size, inflight);
					ClosedLoop.Result jsjs = median("Moleculer.js → Moleculer.js", size, inflight);
					for (String pair : PAIRS) {
						ClosedLoop.Result r = median(pair, size, inflight);
						if (r == null) {
							continue;
						}
						md.append(String.format(Locale.ROOT, "| %s | %d | %s | %,.0f | %.0f | %.0f | %.0f | %s | %s | %s | %s |%n",
								(size >= 1024) ? (size / 1024) + " KiB" : size + " B", inflight, pair, r.opsPerSecond(), r.p50(),
								r.p99(), r.p999(), cost(medianCost(pair, size, inflight, true)),
								cost(medianCost(pair, size, inflight, false)), ratio(r, raw, true),
								pair.startsWith("raw jnats") ? "" : ratio(r, jsjs, false)));
					}
				}
			}
			ClosedLoop.Result javaEvents = medianEvents("Java");
			ClosedLoop.Result jsEvents = medianEvents("Moleculer.js");
			ClosedLoop.Result javaLocal = medianLocal("Java");
			ClosedLoop.Result jsLocal = medianLocal("Moleculer.js");
			if (javaEvents == null && javaLocal == null) {
				return md.toString();
			}
			md.append("\n| measurement | Java | Moleculer.js | Java / Moleculer.js |\n| --- | ---: | ---: | ---: |\n");
			if (javaEvents != null && jsEvents != null) {
				md.append(String.format(Locale.ROOT, "| balanced events/s (64 B, node to node over NATS) | %,.0f | %,.0f | %s |%n",
						javaEvents.opsPerSecond(), jsEvents.opsPerSecond(), ratio(javaEvents, jsEvents, false)));
			}
			if (javaLocal != null && jsLocal != null) {
				md.append(String.format(Locale.ROOT, "| local calls/s (in-process, one core) | %,.0f | %,.0f | %s |%n",
						javaLocal.opsPerSecond(), jsLocal.opsPerSecond(), ratio(javaLocal, jsLocal, false)));
			}
			return md.toString();
		}

	}

}
