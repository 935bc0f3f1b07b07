package io.github.moleculerspring.broker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ActionHandler;
import io.github.moleculerspring.service.ServiceDefinition;

/**
 * The internal {@code $node} service: {@code list}, {@code services}, {@code actions},
 * {@code events}, {@code health} and {@code options}, with Moleculer's parameters and output shapes,
 * so Moleculer.js tools (REPL, moleculer-web, dashboards) read a Java node like any other.
 */
final class NodeService {

	private NodeService() {
	}

	static ServiceDefinition create(ServiceBroker broker) {
		Registry registry = broker.registry();
		return ServiceDefinition.builder("$node")
			.action(action("list", params("withServices", "onlyAvailable"),
					(ctx) -> registry.nodeList(flag(ctx, "onlyAvailable", false), flag(ctx, "withServices", false))))
			.action(action("services",
					params("onlyLocal", "skipInternal", "withActions", "withEvents", "onlyAvailable", "grouping"),
					(ctx) -> registry.serviceList(flag(ctx, "onlyLocal", false), flag(ctx, "skipInternal", false),
							flag(ctx, "withActions", false), flag(ctx, "withEvents", false),
							flag(ctx, "onlyAvailable", false), flag(ctx, "grouping", true))))
			.action(action("actions", params("onlyLocal", "skipInternal", "withEndpoints", "onlyAvailable"),
					(ctx) -> registry.actionList(flag(ctx, "onlyLocal", false), flag(ctx, "skipInternal", false),
							flag(ctx, "withEndpoints", false), flag(ctx, "onlyAvailable", false))))
			.action(action("events", params("onlyLocal", "skipInternal", "withEndpoints", "onlyAvailable"),
					(ctx) -> registry.eventList(flag(ctx, "onlyLocal", false), flag(ctx, "skipInternal", false),
							flag(ctx, "withEndpoints", false), flag(ctx, "onlyAvailable", false))))
			.action(action("health", null, (ctx) -> health(broker)))
			.action(action("options", Map.of(), (ctx) -> options(broker)))
			.build();
	}

	private static ActionDefinition action(String name, Map<String, Object> params, ActionHandler handler) {
		ActionDefinition.Builder builder = ActionDefinition.builder(name)
			.handler(handler)
			.property("cache", false)
			.property("tracing", false);
		if (params != null) {
			builder.params(params);
		}
		return builder.build();
	}

	private static Map<String, Object> params(String... names) {
		Map<String, Object> params = new LinkedHashMap<>();
		for (String name : names) {
			Map<String, Object> rule = new LinkedHashMap<>();
			rule.put("type", "boolean");
			rule.put("optional", true);
			rule.put("convert", true);
			rule.put("default", name.equals("grouping"));
			params.put(name, rule);
		}
		return params;
	}

	private static boolean flag(Context ctx, String name, boolean fallback) {
		Boolean value = ctx.param(name, Boolean.class);
		return (value != null) ? value : fallback;
	}

	static Map<String, Object> health(ServiceBroker broker) {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		Map<String, Object> health = new LinkedHashMap<>();
		Map<String, Object> cpu = new LinkedHashMap<>();
		double load = os.getSystemLoadAverage();
		int cores = os.getAvailableProcessors();
		cpu.put("load1", load);
		cpu.put("load5", null);
		cpu.put("load15", null);
		cpu.put("cores", cores);
		cpu.put("utilization", (load >= 0) ? Math.min((int) Math.floor(load * 100 / cores), 100) : null);
		health.put("cpu", cpu);
		Map<String, Object> mem = new LinkedHashMap<>();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			long free = sun.getFreeMemorySize();
			long total = sun.getTotalMemorySize();
			mem.put("free", free);
			mem.put("total", total);
			mem.put("percent", (total > 0) ? free * 100.0 / total : null);
		}
		health.put("mem", mem);
		Map<String, Object> osInfo = new LinkedHashMap<>();
		osInfo.put("uptime", null);
		osInfo.put("type", System.getProperty("os.name"));
		osInfo.put("release", System.getProperty("os.version"));
		osInfo.put("hostname", NodeIdentity.hostname());
		osInfo.put("arch", System.getProperty("os.arch"));
		osInfo.put("platform", System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT));
		osInfo.put("user", Map.of("username", System.getProperty("user.name", "")));
		health.put("os", osInfo);
		Map<String, Object> process = new LinkedHashMap<>();
		process.put("pid", ProcessHandle.current().pid());
		Map<String, Object> heap = new LinkedHashMap<>();
		heap.put("heapUsed", memory.getHeapMemoryUsage().getUsed());
		heap.put("heapTotal", memory.getHeapMemoryUsage().getCommitted());
		heap.put("nonHeapUsed", memory.getNonHeapMemoryUsage().getUsed());
		process.put("memory", heap);
		process.put("uptime", runtime.getUptime() / 1000.0);
		health.put("process", process);
		health.put("client", broker.clientInfo());
		health.put("net", Map.of("ip", NodeIdentity.ipList()));
		Instant now = Instant.now();
		Map<String, Object> time = new LinkedHashMap<>();
		time.put("now", now.toEpochMilli());
		time.put("iso", now.toString());
		time.put("utc", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)));
		health.put("time", time);
		return health;
	}

	/** The broker options, without anything secret (the transporter shows only its type). */
	static Map<String, Object> options(ServiceBroker broker) {
		BrokerOptions options = broker.options();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("namespace", options.namespace());
		result.put("nodeID", broker.nodeID());
		result.put("transporter", (options.transporter() != null) ? options.transporter().name() : null);
		result.put("requestTimeout", options.requestTimeout().toMillis());
		result.put("maxCallLevel", options.maxCallLevel());
		result.put("heartbeatInterval", options.heartbeatInterval().toSeconds());
		result.put("heartbeatTimeout", options.heartbeatTimeout().toSeconds());
		result.put("disableBalancer", options.disableBalancer());
		Map<String, Object> registry = new LinkedHashMap<>();
		registry.put("preferLocal", options.preferLocal());
		registry.put("stopDelay", options.stopDelay().toMillis());
		result.put("registry", registry);
		Map<String, Object> transit = new LinkedHashMap<>();
		transit.put("maxQueueSize", options.maxPendingRequests());
		result.put("transit", transit);
		result.put("protocolVersion", broker.protocolVersion().value());
		result.put("metadata", options.metadata());
		return result;
	}

}
