package io.github.moleculerspring.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.registry.EventNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The meters of a Micrometer registry in the shape of Moleculer's {@code MetricRegistry.list()},
 * which Moleculer's {@code $node.metrics} action returns and the Moleculer REPL prints: one entry
 * per metric name, {@code {type, name, description, labelNames, unit, values}}, each value
 * {@code {key, value, labels, timestamp}} for counters and gauges, and
 * {@code {key, labels, count, sum, mean, max, timestamp}} for histograms (Micrometer timers,
 * distribution summaries). The tags become the labels; {@code key} is Moleculer's label hash (the
 * label values in {@code labelNames} order, strings quoted, joined with {@code |}).
 *
 * <p>
 * Where Micrometer differs from Moleculer's registry: timers report milliseconds (Moleculer's unit
 * for {@code moleculer.request.time}); Micrometer keeps no per-value update time, so
 * {@code timestamp} is the time of the listing; a histogram has no {@code lastValue}.
 */
public final class MetricList {

	private MetricList() {
	}

	/**
	 * Lists the meters, filtered as Moleculer filters: by type ({@code counter}, {@code gauge},
	 * {@code histogram}), by name patterns to include and to exclude (Moleculer's wildcards
	 * {@code *}, {@code **}, {@code ?}).
	 * @param registry the meters
	 * @param types the types to list, or {@code null} for all
	 * @param includes the name patterns to list, or {@code null} for all
	 * @param excludes the name patterns to leave out, or {@code null} for none
	 * @return the metrics, sorted by name
	 */
	public static List<Map<String, Object>> list(MeterRegistry registry, @Nullable Collection<String> types,
			@Nullable Collection<String> includes, @Nullable Collection<String> excludes) {
		Map<String, List<Meter>> byName = new java.util.TreeMap<>();
		for (Meter meter : registry.getMeters()) {
			byName.computeIfAbsent(meter.getId().getName(), (name) -> new ArrayList<>()).add(meter);
		}
		long now = System.currentTimeMillis();
		List<Map<String, Object>> result = new ArrayList<>();
		for (Map.Entry<String, List<Meter>> entry : byName.entrySet()) {
			String name = entry.getKey();
			Meter first = entry.getValue().get(0);
			String type = type(first);
			if ((types != null && !types.contains(type)) || (includes != null && !matchesAny(name, includes))
					|| (excludes != null && matchesAny(name, excludes))) {
				continue;
			}
			Set<String> labelNames = new LinkedHashSet<>();
			for (Meter meter : entry.getValue()) {
				for (Tag tag : meter.getId().getTagsAsIterable()) {
					labelNames.add(tag.getKey());
				}
			}
			List<Map<String, Object>> values = new ArrayList<>();
			for (Meter meter : entry.getValue()) {
				values.add(value(meter, type, labelNames, now));
			}
			Map<String, Object> metric = new LinkedHashMap<>();
			metric.put("type", type);
			metric.put("name", name);
			metric.put("description", first.getId().getDescription());
			metric.put("labelNames", List.copyOf(labelNames));
			metric.put("unit", isTimer(first) ? "millisecond" : first.getId().getBaseUnit());
			metric.put("values", values);
			result.add(metric);
		}
		return result;
	}

	private static boolean matchesAny(String name, Collection<String> patterns) {
		for (String pattern : patterns) {
			if (EventNames.matches(name, pattern)) {
				return true;
			}
		}
		return false;
	}

	private static String type(Meter meter) {
		if (meter instanceof Counter || meter instanceof FunctionCounter) {
			return "counter";
		}
		if (meter instanceof Timer || meter instanceof FunctionTimer || meter instanceof DistributionSummary
				|| meter instanceof LongTaskTimer) {
			return "histogram";
		}
		return "gauge";
	}

	private static boolean isTimer(Meter meter) {
		return meter instanceof Timer || meter instanceof FunctionTimer || meter instanceof LongTaskTimer
				|| meter instanceof TimeGauge;
	}

	private static Map<String, Object> value(Meter meter, String type, Set<String> labelNames, long now) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (Tag tag : meter.getId().getTagsAsIterable()) {
			labels.put(tag.getKey(), tag.getValue());
		}
		List<String> parts = new ArrayList<>();
		for (String labelName : labelNames) {
			String label = labels.get(labelName);
			parts.add((label != null) ? "\"" + label + "\"" : "");
		}
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("key", String.join("|", parts));
		if (type.equals("histogram")) {
			value.put("labels", labels);
			putHistogram(meter, value);
		}
		else {
			value.put("value", number(scalar(meter)));
			value.put("labels", labels);
		}
		value.put("timestamp", now);
		return value;
	}

	private static void putHistogram(Meter meter, Map<String, Object> value) {
		long count;
		double sum;
		double max;
		if (meter instanceof Timer timer) {
			count = timer.count();
			sum = timer.totalTime(TimeUnit.MILLISECONDS);
			max = timer.max(TimeUnit.MILLISECONDS);
		}
		else if (meter instanceof FunctionTimer timer) {
			count = (long) timer.count();
			sum = timer.totalTime(TimeUnit.MILLISECONDS);
			max = Double.NaN;
		}
		else if (meter instanceof LongTaskTimer timer) {
			count = timer.activeTasks();
			sum = timer.duration(TimeUnit.MILLISECONDS);
			max = timer.max(TimeUnit.MILLISECONDS);
		}
		else {
			DistributionSummary summary = (DistributionSummary) meter;
			count = summary.count();
			sum = summary.totalAmount();
			max = summary.max();
		}
		value.put("count", count);
		value.put("sum", number(sum));
		value.put("mean", (count > 0) ? number(sum / count) : null);
		value.put("max", number(max));
	}

	private static double scalar(Meter meter) {
		if (meter instanceof Counter counter) {
			return counter.count();
		}
		if (meter instanceof FunctionCounter counter) {
			return counter.count();
		}
		if (meter instanceof TimeGauge gauge) {
			return gauge.value(TimeUnit.MILLISECONDS);
		}
		if (meter instanceof Gauge gauge) {
			return gauge.value();
		}
		for (Measurement measurement : meter.measure()) {
			return measurement.getValue();
		}
		return Double.NaN;
	}

	/** JSON has no NaN or infinity: an unknown figure is {@code null}; whole numbers stay whole. */
	private static @Nullable Number number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return null;
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return (long) value;
		}
		return value;
	}

}
