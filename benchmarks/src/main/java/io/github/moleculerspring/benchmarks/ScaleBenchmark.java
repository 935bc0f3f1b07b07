package io.github.moleculerspring.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;

/**
 * Scale harness: starts a nats-server with monitoring, launches {@code brokers} brokers over
 * {@code jvms} child JVMs (each broker with {@code services} services of 3 actions and an event,
 * real NATS transporter, default heartbeat settings), and measures the time to full discovery,
 * the NATS traffic in a steady window and the CPU and heap per node. Prints a markdown table.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.moleculerspring.benchmarks.ScaleBenchmark brokers=100 jvms=4 services=3 window=30</pre>
 */
public final class ScaleBenchmark {

	private static final Pattern VARZ = Pattern.compile("\"(in_msgs|out_msgs|in_bytes|out_bytes)\"\\s*:\\s*(\\d+)");

	private ScaleBenchmark() {
	}

	public static void main(String[] argv) throws Exception {
		Args args = new Args(argv);
		if ("child".equals(args.get("mode", ""))) {
			child(args);
			return;
		}
		System.out.println(run(args));
		System.exit(0);
	}

	/** Runs the scale measurement and returns the markdown report. */
	static String run(Args args) throws Exception {
		int brokers = args.integer("brokers", 100);
		int jvms = Math.max(1, Math.min(args.integer("jvms", 4), brokers));
		int services = args.integer("services", 3);
		double window = args.number("window", 30);
		int monitor = NatsServer.freePort();
		try (NatsServer server = NatsServer.launch(null, "-m", String.valueOf(monitor))) {
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			String classpath = System.getProperty("java.class.path");
			List<Process> children = new ArrayList<>();
			Map<Integer, Long> discovered = new ConcurrentHashMap<>();
			Map<Integer, String> stats = new ConcurrentHashMap<>();
			long start = System.currentTimeMillis();
			int from = 0;
			for (int j = 0; j < jvms; j++) {
				int count = brokers / jvms + ((j < brokers % jvms) ? 1 : 0);
				ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + args.get("xmx", "256m"),
						"-XX:+UseSerialGC", "-cp", classpath, ScaleBenchmark.class.getName(), "mode=child",
						"nats=" + server.url(), "from=" + from, "count=" + count, "total=" + brokers,
						"services=" + services);
				builder.redirectError(ProcessBuilder.Redirect.INHERIT);
				Process process = builder.start();
				children.add(process);
				int index = j;
				Thread reader = new Thread(() -> {
					try (BufferedReader in = new BufferedReader(
							new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
						String line;
						while ((line = in.readLine()) != null) {
							if (line.startsWith("DISCOVERED ")) {
								discovered.put(index, Long.parseLong(line.substring(11).trim()));
							}
							else if (line.startsWith("HEAP ")) {
								stats.put(index, line.substring(5).trim());
							}
						}
					}
					catch (Exception ex) {
						// the child ended
					}
				}, "scale-child-" + j);
				reader.setDaemon(true);
				reader.start();
				from += count;
			}
			long deadline = System.currentTimeMillis() + (long) (args.number("timeout", 180) * 1000);
			while (discovered.size() < jvms) {
				if (System.currentTimeMillis() > deadline) {
					children.forEach(Process::destroyForcibly);
					throw new IllegalStateException("discovery incomplete: " + discovered.size() + "/" + jvms + " JVMs");
				}
				Thread.sleep(100);
			}
			long full = discovered.values().stream().mapToLong(Long::longValue).max().orElse(start) - start;
			// Steady window: let the INFO storm settle for a moment, then sample.
			Thread.sleep((long) (args.number("settle", 2) * 1000));
			HttpClient http = HttpClient.newHttpClient();
			URI varz = URI.create("http://127.0.0.1:" + monitor + "/varz");
			long[] before = varz(http, varz);
			long[] cpuBefore = cpu(children);
			long t0 = System.nanoTime();
			Thread.sleep((long) (window * 1000));
			long[] after = varz(http, varz);
			long[] cpuAfter = cpu(children);
			double seconds = (System.nanoTime() - t0) / 1e9;
			for (Process child : children) {
				child.getOutputStream().write('h');
				child.getOutputStream().write('\n');
				child.getOutputStream().flush();
			}
			long statsDeadline = System.currentTimeMillis() + 10_000;
			while (stats.size() < jvms && System.currentTimeMillis() < statsDeadline) {
				Thread.sleep(50);
			}
			long cpuTicks = 0;
			for (int i = 0; i < children.size(); i++) {
				cpuTicks += cpuAfter[i] - cpuBefore[i];
			}
			long heapUsed = stats.values().stream().mapToLong(Long::parseLong).sum();
			for (Process child : children) {
				child.getOutputStream().close();
			}
			for (Process child : children) {
				if (!child.waitFor(20, TimeUnit.SECONDS)) {
					child.destroyForcibly();
				}
			}
			double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			double inMsgs = (after[0] - before[0]) / seconds;
			double outMsgs = (after[1] - before[1]) / seconds;
			double inBytes = (after[2] - before[2]) / seconds;
			double outBytes = (after[3] - before[3]) / seconds;
			double cpuPercentPerNode = cpuTicks / 100.0 / seconds * 100 / brokers;
			StringBuilder out = new StringBuilder();
			out.append("| brokers | JVMs | services/broker | full discovery (ms) | window (s) | in msg/s | in B/s | out msg/s | out B/s | in msg/s per node | out B/s per node | CPU % per node | heap MiB per node | load avg |\n");
			out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			out.append(String.format(Locale.ROOT,
					"| %d | %d | %d | %d | %.0f | %.1f | %.0f | %.1f | %.0f | %.3f | %.0f | %.3f | %.2f | %.2f |%n", brokers, jvms,
					services, full, seconds, inMsgs, inBytes, outMsgs, outBytes, inMsgs / brokers, outBytes / brokers,
					cpuPercentPerNode, heapUsed / 1048576.0 / brokers, load));
			return out.toString();
		}
	}

	private static long[] varz(HttpClient http, URI uri) throws Exception {
		String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
		long[] values = new long[4];
		Matcher matcher = VARZ.matcher(body);
		while (matcher.find()) {
			int slot = switch (matcher.group(1)) {
				case "in_msgs" -> 0;
				case "out_msgs" -> 1;
				case "in_bytes" -> 2;
				default -> 3;
			};
			values[slot] = Long.parseLong(matcher.group(2));
		}
		return values;
	}

	/** utime + stime in clock ticks (USER_HZ, 100 on Linux) from /proc/<pid>/stat. */
	private static long[] cpu(List<Process> children) throws Exception {
		long[] ticks = new long[children.size()];
		for (int i = 0; i < children.size(); i++) {
			String stat = Files.readString(Path.of("/proc", String.valueOf(children.get(i).pid()), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			ticks[i] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		return ticks;
	}

	private static void child(Args args) throws Exception {
		int from = args.integer("from", 0);
		int count = args.integer("count", 1);
		int total = args.integer("total", count);
		int services = args.integer("services", 3);
		List<ServiceBroker> brokers = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			ServiceBroker broker = JavaNodes.broker(args, "scale-" + i);
			for (int s = 0; s < services; s++) {
				broker.createService(ServiceDefinition.builder("svc" + s + "-n" + i)
					.action("a", (ctx) -> ctx.params())
					.action("b", (ctx) -> ctx.params())
					.action("c", (ctx) -> ctx.params())
					.event("scale.event" + s, (ctx) -> null)
					.build());
			}
			brokers.add(broker);
		}
		for (ServiceBroker broker : brokers) {
			broker.start();
		}
		while (true) {
			boolean all = true;
			for (ServiceBroker broker : brokers) {
				long available = broker.registry().nodes().stream().filter((node) -> node.isAvailable()).count();
				if (available < total) {
					all = false;
					break;
				}
			}
			if (all) {
				break;
			}
			Thread.sleep(50);
		}
		System.out.println("DISCOVERED " + System.currentTimeMillis());
		System.out.flush();
		int c;
		while ((c = System.in.read()) >= 0) {
			if (c == 'h') {
				System.gc();
				Runtime runtime = Runtime.getRuntime();
				System.out.println("HEAP " + (runtime.totalMemory() - runtime.freeMemory()));
				System.out.flush();
			}
		}
		for (ServiceBroker broker : brokers) {
			broker.close();
		}
		System.exit(0);
	}

}
