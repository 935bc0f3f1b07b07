package io.github.moleculerspring.broker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.metrics.MetricList;
import io.github.moleculerspring.transport.Transit;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.Endpoint;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.registry.ServiceItem;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ActionHandler;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import org.jspecify.annotations.Nullable;

/**
 * The internal {@code $node} service: {@code list}, {@code services}, {@code actions},
 * {@code events}, {@code health}, {@code options} and {@code metrics}, with Moleculer's parameters
 * and output shapes (Moleculer.js 0.15 {@code src/internals.js}, {@code src/health.js}), so
 * Moleculer.js tools (REPL, moleculer-web, dashboards) read a Java node like any other.
 */
final class NodeService {

	private NodeService() {
	}

	static ServiceDefinition create(ServiceBroker broker) {
		Registry registry = broker.registry();
		return ServiceDefinition.builder("$node")
			.action(action("list", params("withServices", "onlyAvailable"),
					(ctx) -> nodeList(registry, flag(ctx, "onlyAvailable", false), flag(ctx, "withServices", false))))
			.action(action("services",
					params("onlyLocal", "skipInternal", "withActions", "withEvents", "onlyAvailable", "grouping"),
					(ctx) -> serviceList(registry, flag(ctx, "onlyLocal", false), flag(ctx, "skipInternal", false),
							flag(ctx, "withActions", false), flag(ctx, "withEvents", false),
							flag(ctx, "onlyAvailable", false), flag(ctx, "grouping", true))))
			.action(action("actions", params("onlyLocal", "skipInternal", "withEndpoints", "onlyAvailable"),
					(ctx) -> actionList(registry, flag(ctx, "onlyLocal", false), flag(ctx, "skipInternal", false),
							flag(ctx, "withEndpoints", false), flag(ctx, "onlyAvailable", false))))
			.action(action("events", params("onlyLocal", "skipInternal", "withEndpoints", "onlyAvailable"),
					(ctx) -> eventList(registry, flag(ctx, "onlyLocal", false), flag(ctx, "skipInternal", false),
							flag(ctx, "withEndpoints", false), flag(ctx, "onlyAvailable", false))))
			.action(action("health", null, (ctx) -> health(broker)))
			.action(action("options", Map.of(), (ctx) -> options(broker)))
			.action(action("metrics", metricsParams(), (ctx) -> metrics(broker, ctx)))
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

	/**
	 * The nodes as {@code $node.list} returns them.
	 * @param registry the registry
	 * @param onlyAvailable only online nodes
	 * @param withServices include service descriptors
	 * @return the list
	 */
	static List<Map<String, Object>> nodeList(Registry registry, boolean onlyAvailable, boolean withServices) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (Node node : registry.nodes()) {
			if (onlyAvailable && !node.isAvailable()) {
				continue;
			}
			result.add(node.toMap(withServices));
		}
		return result;
	}

	/**
	 * The services as {@code $node.services} returns them.
	 * @param registry the registry
	 * @param onlyLocal only local services
	 * @param skipInternal skip {@code $}-prefixed services
	 * @param withActions include action descriptors
	 * @param withEvents include event descriptors
	 * @param onlyAvailable only services of online nodes
	 * @param grouping one entry per service with its {@code nodes}, instead of one per node
	 * @return the list
	 */
	static List<Map<String, Object>> serviceList(Registry registry, boolean onlyLocal, boolean skipInternal,
			boolean withActions, boolean withEvents, boolean onlyAvailable, boolean grouping) {
		List<Map<String, Object>> result = new ArrayList<>();
		Map<String, Map<String, Object>> byFullName = new HashMap<>();
		for (ServiceItem service : registry.services()) {
			if (skipInternal && service.name().startsWith("$")) {
				continue;
			}
			if (onlyLocal && !service.isLocal()) {
				continue;
			}
			if (onlyAvailable && !service.node().isAvailable()) {
				continue;
			}
			Map<String, Object> item = grouping ? byFullName.get(service.fullName()) : null;
			if (item == null) {
				item = new LinkedHashMap<>();
				item.put("name", service.name());
				item.put("version", service.version());
				item.put("fullName", service.fullName());
				item.put("settings", service.info().settings());
				item.put("metadata", service.info().metadata());
				item.put("local", service.isLocal());
				item.put("available", service.node().isAvailable());
				if (grouping) {
					List<String> nodeIds = new ArrayList<>();
					nodeIds.add(service.node().id());
					item.put("nodes", nodeIds);
					byFullName.put(service.fullName(), item);
				}
				else {
					item.put("nodeID", service.node().id());
				}
				if (withActions) {
					item.put("actions", actionDescriptors(service.info(), null));
				}
				if (withEvents) {
					Map<String, Object> events = new LinkedHashMap<>();
					for (EventInfo event : service.info().events().values()) {
						if (!event.name().startsWith("$")) {
							events.put(event.name(), event.descriptor());
						}
					}
					item.put("events", events);
				}
				result.add(item);
			}
			else {
				@SuppressWarnings("unchecked")
				List<String> nodeIds = (List<String>) item.get("nodes");
				if (!nodeIds.contains(service.node().id())) {
					nodeIds.add(service.node().id());
				}
				if (withActions) {
					@SuppressWarnings("unchecked")
					Map<String, Object> actions = (Map<String, Object>) item.get("actions");
					actionDescriptors(service.info(), actions);
				}
			}
		}
		return result;
	}

	private static Map<String, Object> actionDescriptors(ServiceInfo info, @Nullable Map<String, Object> into) {
		Map<String, Object> actions = (into != null) ? into : new LinkedHashMap<>();
		for (ActionInfo action : info.actions().values()) {
			if ("protected".equals(action.visibility()) || actions.containsKey(action.name())) {
				continue;
			}
			actions.put(action.name(), action.descriptor());
		}
		return actions;
	}

	/**
	 * The actions as {@code $node.actions} returns them.
	 * @param registry the registry
	 * @param onlyLocal only actions with a local endpoint
	 * @param skipInternal skip {@code $}-prefixed actions
	 * @param withEndpoints include the endpoints
	 * @param onlyAvailable only actions with an available endpoint
	 * @return the list
	 */
	static List<Map<String, Object>> actionList(Registry registry, boolean onlyLocal, boolean skipInternal,
			boolean withEndpoints, boolean onlyAvailable) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (Map.Entry<String, EndpointList<ActionEndpoint>> entry : registry.actions().entrySet()) {
			EndpointList<ActionEndpoint> list = entry.getValue();
			if (!listed(entry.getKey(), list, onlyLocal, skipInternal, onlyAvailable)) {
				continue;
			}
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("name", entry.getKey());
			item.put("count", list.count());
			item.put("hasLocal", list.hasLocal());
			item.put("available", list.hasAvailable());
			List<ActionEndpoint> endpoints = list.endpoints();
			if (!endpoints.isEmpty()) {
				item.put("action", endpoints.get(0).descriptor());
				if (endpoints.get(0).visibility() == Visibility.PROTECTED) {
					continue;
				}
			}
			if (withEndpoints && !endpoints.isEmpty()) {
				item.put("endpoints", endpointMaps(endpoints));
			}
			result.add(item);
		}
		return result;
	}

	/** Whether {@code $node.actions}/{@code $node.events} list an endpoint list under these filters. */
	private static boolean listed(String name, EndpointList<?> list, boolean onlyLocal, boolean skipInternal,
			boolean onlyAvailable) {
		return !(skipInternal && name.startsWith("$")) && !(onlyLocal && !list.hasLocal())
				&& !(onlyAvailable && !list.hasAvailable());
	}

	/**
	 * The event subscriptions as {@code $node.events} returns them.
	 * @param registry the registry
	 * @param onlyLocal only subscriptions with a local endpoint
	 * @param skipInternal skip {@code $}-prefixed events
	 * @param withEndpoints include the endpoints
	 * @param onlyAvailable only subscriptions with an available endpoint
	 * @return the list
	 */
	static List<Map<String, Object>> eventList(Registry registry, boolean onlyLocal, boolean skipInternal,
			boolean withEndpoints, boolean onlyAvailable) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (EndpointList<EventEndpoint> list : registry.eventLists()) {
			if (!listed(list.name(), list, onlyLocal, skipInternal, onlyAvailable)) {
				continue;
			}
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("name", list.name());
			item.put("group", list.group());
			item.put("count", list.count());
			item.put("hasLocal", list.hasLocal());
			item.put("available", list.hasAvailable());
			List<EventEndpoint> endpoints = list.endpoints();
			if (!endpoints.isEmpty()) {
				item.put("event", endpoints.get(0).descriptor());
			}
			if (withEndpoints && !endpoints.isEmpty()) {
				item.put("endpoints", endpointMaps(endpoints));
			}
			result.add(item);
		}
		return result;
	}

	private static List<Map<String, Object>> endpointMaps(List<? extends Endpoint> endpoints) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("nodeID", endpoint.nodeID());
			map.put("state", endpoint.state());
			map.put("available", endpoint.node().isAvailable());
			result.add(map);
		}
		return result;
	}

	static Map<String, Object> health(ServiceBroker broker) {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		Map<String, Object> health = new LinkedHashMap<>();
		Map<String, Object> cpu = new LinkedHashMap<>();
		double[] loads = loadAverages(os);
		int cores = os.getAvailableProcessors();
		cpu.put("load1", number(loads[0]));
		cpu.put("load5", number(loads[1]));
		cpu.put("load15", number(loads[2]));
		cpu.put("cores", cores);
		cpu.put("utilization", (loads[0] >= 0) ? Math.min((int) Math.floor(loads[0] * 100 / cores), 100) : null);
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
		osInfo.put("uptime", number(systemUptimeSeconds()));
		osInfo.put("type", System.getProperty("os.name"));
		osInfo.put("release", System.getProperty("os.version"));
		osInfo.put("hostname", NodeIdentity.hostname());
		osInfo.put("arch", System.getProperty("os.arch"));
		osInfo.put("platform", System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT));
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("username", System.getProperty("user.name", ""));
		user.put("homedir", System.getProperty("user.home", ""));
		osInfo.put("user", user);
		health.put("os", osInfo);
		Map<String, Object> process = new LinkedHashMap<>();
		process.put("pid", ProcessHandle.current().pid());
		Map<String, Object> heap = new LinkedHashMap<>();
		long rss = residentSetBytes();
		if (rss >= 0) {
			heap.put("rss", rss);
		}
		heap.put("heapUsed", memory.getHeapMemoryUsage().getUsed());
		heap.put("heapTotal", memory.getHeapMemoryUsage().getCommitted());
		heap.put("nonHeapUsed", memory.getNonHeapMemoryUsage().getUsed());
		process.put("memory", heap);
		process.put("uptime", runtime.getUptime() / 1000.0);
		health.put("process", process);
		health.put("client", broker.clientInfo());
		health.put("net", Map.of("ip", NodeIdentity.ipList()));
		health.put("transit", transitStatus(broker.transit()));
		Instant now = Instant.now();
		Map<String, Object> time = new LinkedHashMap<>();
		time.put("now", now.toEpochMilli());
		time.put("iso", now.toString());
		time.put("utc", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)));
		health.put("time", time);
		return health;
	}

	/**
	 * The 1, 5 and 15 minute load averages: from {@code /proc/loadavg} where there is one (Linux),
	 * otherwise load1 from the JVM ({@code getSystemLoadAverage}) and -1 for the others.
	 */
	static double[] loadAverages(OperatingSystemMXBean os) {
		String line = readFirstLine(Path.of("/proc/loadavg"));
		if (line != null) {
			String[] parts = line.trim().split("\\s+");
			try {
				return new double[] { Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
						Double.parseDouble(parts[2]) };
			}
			catch (RuntimeException ex) {
				// not the format of Linux's /proc/loadavg: fall back to the JVM's figure
			}
		}
		return new double[] { os.getSystemLoadAverage(), -1, -1 };
	}

	/** Seconds since the machine booted ({@code /proc/uptime}), or -1 where the OS does not say. */
	static double systemUptimeSeconds() {
		String line = readFirstLine(Path.of("/proc/uptime"));
		if (line != null) {
			try {
				return Double.parseDouble(line.trim().split("\\s+")[0]);
			}
			catch (RuntimeException ex) {
				// not Linux's format
			}
		}
		return -1;
	}

	/** This process's resident set size in bytes ({@code VmRSS} in {@code /proc/self/status}), or -1. */
	private static long residentSetBytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
				if (line.startsWith("VmRSS:")) {
					String[] parts = line.substring(6).trim().split("\\s+");
					return Long.parseLong(parts[0]) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// no procfs
		}
		return -1;
	}

	private static @Nullable String readFirstLine(Path path) {
		try {
			if (Files.isReadable(path)) {
				List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
				return lines.isEmpty() ? null : lines.get(0);
			}
		}
		catch (IOException | RuntimeException ex) {
			// unreadable: the figure is unavailable
		}
		return null;
	}

	/** A negative figure means "unavailable": JSON {@code null}. */
	private static @Nullable Double number(double value) {
		return (value >= 0 && !Double.isNaN(value)) ? value : null;
	}

	/** Moleculer's {@code transit.stat} packet counters, or {@code null} without a transporter. */
	private static @Nullable Map<String, Object> transitStatus(@Nullable Transit transit) {
		if (transit == null) {
			return null;
		}
		Map<String, Object> sent = new LinkedHashMap<>();
		sent.put("count", transit.packetsSent());
		sent.put("bytes", transit.bytesSent());
		Map<String, Object> received = new LinkedHashMap<>();
		received.put("count", transit.packetsReceived());
		received.put("bytes", transit.bytesReceived());
		Map<String, Object> packets = new LinkedHashMap<>();
		packets.put("sent", sent);
		packets.put("received", received);
		return Map.of("stat", Map.of("packets", packets));
	}

	private static Map<String, Object> metricsParams() {
		Map<String, Object> params = new LinkedHashMap<>();
		for (String name : List.of("types", "includes", "excludes")) {
			Map<String, Object> rule = new LinkedHashMap<>();
			rule.put("type", "multi");
			rule.put("optional", true);
			rule.put("rules", List.of(Map.of("type", "string"), Map.of("type", "array", "items", "string")));
			params.put(name, rule);
		}
		return params;
	}

	/**
	 * Moleculer's {@code $node.metrics}: the metrics of this node's registry, filtered by
	 * {@code types}, {@code includes} and {@code excludes} (each a string or a list of strings). Without
	 * metrics it fails as Moleculer does: {@code MoleculerClientError} 400 {@code METRICS_DISABLED}.
	 */
	static List<Map<String, Object>> metrics(ServiceBroker broker, Context ctx) {
		MeterRegistry registry = broker.options().meterRegistry();
		if (registry == null) {
			throw new MoleculerClientError("Metrics feature is disabled", 400, "METRICS_DISABLED", null);
		}
		return MetricList.list(registry, strings(ctx, "types"), strings(ctx, "includes"), strings(ctx, "excludes"));
	}

	private static @Nullable List<String> strings(Context ctx, String name) {
		Object value = ctx.param(name);
		if (value == null) {
			return null;
		}
		if (value instanceof String string) {
			return List.of(string);
		}
		if (value instanceof List<?> list) {
			List<String> result = new ArrayList<>(list.size());
			for (Object item : list) {
				if (!(item instanceof String string)) {
					throw invalid(name, "The '" + name + "' field must be an array of strings.", value);
				}
				result.add(string);
			}
			return result;
		}
		throw invalid(name, "The '" + name + "' field must be a string or an array of strings.", value);
	}

	private static ValidationError invalid(String field, String message, Object actual) {
		return ValidationError.of("Parameters validation error!",
				List.of(new ValidationError.Violation("multi", field, message, actual, null, null, null)));
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
		transit.put("maxQueueSize", options.transitMaxQueueSize());
		result.put("transit", transit);
		result.put("protocolVersion", broker.protocolVersion().value());
		result.put("metadata", options.metadata());
		return result;
	}

}
