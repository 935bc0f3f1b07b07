package io.github.moleculerspring.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.moleculerspring.annotation.support.OptionValues;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.ReflectionUtils;

/**
 * Checks every value of {@link MoleculerProperties} and {@link MoleculerNatsProperties} once they
 * are bound: the {@link Range} of each numeric and duration field, and the rules that involve
 * two keys or a set of words (heartbeat timeout longer than the interval, retry delay within the
 * maximum delay, protocol version, names usable in NATS subjects, a readable credentials file,
 * NATS server URLs, the numeric options of the built-in strategies).
 * Each violation names the property key in its canonical form, so that the failure analysis can
 * tell the user which line of their configuration to fix. This is the one place where the values
 * are checked; it needs no Bean Validation provider on the classpath.
 *
 * <p>
 * Some of these ranges are also rules of the core's options (the durations and counts of
 * {@code BrokerOptions}, the heartbeat rule, the fault-tolerance options). They are stated here
 * on purpose, once for the Spring layer: this check runs when the properties are bound, before any
 * core option exists, reports every bad value at once with its key and accepted range, and the
 * core's rule would name an option, not a key. Strategy names are not checked here: the broker's
 * options are the one place that knows them ({@code MoleculerAutoConfiguration} words their
 * failure with the key).
 */
final class MoleculerPropertiesValidator {

	private static final Set<String> PROTOCOL_VERSIONS = Set.of("auto", "4", "5");

	private MoleculerPropertiesValidator() {
	}

	/**
	 * Checks a properties object and the nested objects it holds.
	 * @param properties the bound properties
	 * @param prefix the prefix they are bound to, such as {@code moleculer}
	 * @return the violations, empty when every value is valid
	 */
	static List<InvalidMoleculerPropertiesException.Violation> validate(Object properties, String prefix) {
		List<InvalidMoleculerPropertiesException.Violation> violations = new ArrayList<>();
		validate(properties, prefix, violations);
		return violations;
	}

	private static void validate(Object target, String prefix,
			List<InvalidMoleculerPropertiesException.Violation> violations) {
		ReflectionUtils.doWithFields(target.getClass(), (field) -> {
			ReflectionUtils.makeAccessible(field);
			Object value = field.get(target);
			String key = prefix + "." + DataObjectPropertyName.toDashedForm(field.getName());
			Range range = field.getAnnotation(Range.class);
			if (range != null) {
				checkRange(key, field, value, range, violations);
			}
			else if (value != null && isNested(field)) {
				validate(value, key, violations);
			}
		}, (field) -> !Modifier.isStatic(field.getModifiers()));
		if (target instanceof MoleculerProperties properties) {
			checkRoot(properties, prefix, violations);
		}
		else if (target instanceof MoleculerProperties.RetryPolicy retryPolicy) {
			if (!retryPolicy.getMaxDelay().isNegative()
					&& retryPolicy.getDelay().compareTo(retryPolicy.getMaxDelay()) > 0) {
				violations.add(violation(prefix + ".delay", format(retryPolicy.getDelay(), ChronoUnit.MILLIS),
						"must not be longer than " + prefix + ".max-delay ("
								+ format(retryPolicy.getMaxDelay(), ChronoUnit.MILLIS) + ")",
						"a delay up to " + prefix + ".max-delay"));
			}
		}
		else if (target instanceof MoleculerNatsProperties nats) {
			checkNats(nats, prefix, violations);
		}
		else if (target instanceof MoleculerProperties.Registry registry) {
			checkStrategyOptions(registry, prefix, violations);
		}
		else if (target instanceof MoleculerProperties.Executor executor
				&& Boolean.TRUE.equals(executor.getVirtualThreads()) && Runtime.version().feature() < 21) {
			violations.add(violation(prefix + ".virtual-threads", true,
					"needs Java 21 or later (running " + Runtime.version() + ")", "false on this Java version"));
		}
	}

	/**
	 * The options of the built-in strategies are numbers that the strategy reads when it balances
	 * its first call; a value that is no number, or out of range, is reported here rather than
	 * failing calls later. Other option names are left to the strategy (a StrategyFactory bean may
	 * take any).
	 */
	private static void checkStrategyOptions(MoleculerProperties.Registry registry, String prefix,
			List<InvalidMoleculerPropertiesException.Violation> violations) {
		Map<String, Object> options = OptionValues.normalize(registry.getStrategyOptions());
		String key = prefix + ".strategy-options.";
		switch (registry.getStrategy()) {
			case "Shard" -> {
				option(options, key, "vnodes", true, 1, Double.NaN, violations);
				option(options, key, "ringSize", true, 0, Double.NaN, violations);
				option(options, key, "cacheSize", true, 0, Double.NaN, violations);
			}
			case "CpuUsage" -> {
				option(options, key, "sampleCount", true, 1, Double.NaN, violations);
				option(options, key, "lowCpuUsage", true, 0, 100, violations);
			}
			case "Latency" -> {
				option(options, key, "sampleCount", true, 1, Double.NaN, violations);
				option(options, key, "lowLatency", false, 0, Double.NaN, violations);
				option(options, key, "collectCount", true, 1, Double.NaN, violations);
				option(options, key, "pingInterval", false, Double.MIN_VALUE, Double.NaN, violations);
			}
			default -> {
			}
		}
	}

	private static void option(Map<String, Object> options, String prefix, String name, boolean integer,
			double min, double max, List<InvalidMoleculerPropertiesException.Violation> violations) {
		Object value = options.get(name);
		if (value == null) {
			return;
		}
		String accepted = (integer ? "a whole number" : "a number")
				+ ((min == Double.MIN_VALUE) ? " greater than 0" : " of " + number(min) + " or more")
				+ (Double.isNaN(max) ? "" : " and at most " + number(max));
		boolean valid = (integer) ? value instanceof Integer || value instanceof Long : value instanceof Number;
		if (valid) {
			double number = ((Number) value).doubleValue();
			valid = number >= min && (Double.isNaN(max) || number <= max);
		}
		if (!valid) {
			violations.add(violation(prefix + DataObjectPropertyName.toDashedForm(name), value, "must be " + accepted,
					accepted));
		}
	}

	private static void checkRoot(MoleculerProperties properties, String prefix,
			List<InvalidMoleculerPropertiesException.Violation> violations) {
		Duration interval = properties.getHeartbeatInterval();
		Duration timeout = properties.getHeartbeatTimeout();
		if (!interval.isNegative() && !interval.isZero() && !timeout.isNegative() && !timeout.isZero()
				&& timeout.compareTo(interval) <= 0) {
			violations.add(violation(prefix + ".heartbeat-timeout", format(timeout, ChronoUnit.SECONDS),
					"must be longer than " + prefix + ".heartbeat-interval (" + format(interval, ChronoUnit.SECONDS)
							+ ")",
					"a duration longer than " + prefix + ".heartbeat-interval"));
		}
		String version = properties.getProtocolVersion();
		if (version != null && !version.isBlank()
				&& !PROTOCOL_VERSIONS.contains(version.trim().toLowerCase(Locale.ROOT))) {
			violations.add(violation(prefix + ".protocol-version", version, "must be auto, 4 or 5",
					"auto, 4 or 5"));
		}
		checkSubjectToken(prefix + ".namespace", properties.getNamespace(), violations);
		checkSubjectToken(prefix + ".node-id", properties.getNodeId(), violations);
	}

	/**
	 * Moleculer puts the namespace and the node ID into NATS subjects ({@code MOL-<namespace>.REQ.
	 * <nodeID>}), where white space and the wildcards {@code *} and {@code >} are not allowed.
	 */
	private static void checkSubjectToken(String key, @Nullable String value,
			List<InvalidMoleculerPropertiesException.Violation> violations) {
		if (value == null) {
			return;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '*' || c == '>') {
				violations.add(violation(key, value, "must not contain white space, '*' or '>'",
						"letters, digits and punctuation other than '*' and '>' (the value becomes part of "
								+ "NATS subjects)"));
				return;
			}
		}
	}

	private static void checkNats(MoleculerNatsProperties nats, String prefix,
			List<InvalidMoleculerPropertiesException.Violation> violations) {
		List<String> servers = nats.getServers();
		for (int i = 0; i < servers.size(); i++) {
			try {
				NatsTransporterOptions.builder().server(servers.get(i));
			}
			catch (IllegalArgumentException ex) {
				violations.add(violation(prefix + ".servers[" + i + "]",
						NatsTransporterOptions.maskCredentials(servers.get(i)), "is not a NATS server URL",
						"a URL such as nats://host:4222"));
			}
		}
		String credentials = nats.getCredentials();
		if (credentials != null) {
			boolean readable;
			try {
				readable = Files.isReadable(Path.of(credentials));
			}
			catch (InvalidPathException ex) {
				readable = false;
			}
			if (!readable) {
				violations.add(violation(prefix + ".credentials", credentials, "is not a readable file",
						"the path of a NATS credentials (.creds) file"));
			}
		}
	}

	private static void checkRange(String key, Field field, @Nullable Object value, Range range,
			List<InvalidMoleculerPropertiesException.Violation> violations) {
		if (value == null) {
			return;
		}
		ChronoUnit unit = durationUnit(field);
		double number;
		String display;
		if (value instanceof Duration duration) {
			number = duration.toNanos() / (double) unit.getDuration().toNanos();
			display = format(duration, unit);
		}
		else if (value instanceof Number numeric) {
			number = numeric.doubleValue();
			display = String.valueOf(value);
		}
		else {
			throw new IllegalStateException("@Range on " + field + " of type " + value.getClass().getName());
		}
		boolean valid = (Double.isNaN(range.min()) || number >= range.min())
				&& (Double.isNaN(range.above()) || number > range.above())
				&& (Double.isNaN(range.max()) || number <= range.max()) && !Double.isNaN(number);
		if (!valid) {
			String suffix = (value instanceof Duration) ? suffix(unit) : "";
			violations.add(violation(key, display, reason(range, suffix), accepted(range, suffix)));
		}
	}

	/**
	 * The reason of a value out of range, in the words of the accepted range.
	 * @param range the range
	 * @param unit the unit suffix of durations, or empty
	 * @return the reason
	 */
	static String reason(Range range, String unit) {
		List<String> parts = new ArrayList<>();
		if (!Double.isNaN(range.above())) {
			parts.add((range.above() == 0 && Double.isNaN(range.max())) ? "be positive"
					: "be greater than " + number(range.above()) + unit);
		}
		if (!Double.isNaN(range.min())) {
			parts.add((range.min() == 0) ? "not be negative" : "be at least " + number(range.min()) + unit);
		}
		if (!Double.isNaN(range.max())) {
			parts.add("at most " + number(range.max()) + unit);
		}
		return "must " + String.join(" and ", parts);
	}

	private static String accepted(Range range, String unit) {
		String lower = !Double.isNaN(range.above()) ? "greater than " + number(range.above()) + unit
				: !Double.isNaN(range.min()) ? number(range.min()) + unit + " or more" : "";
		String upper = !Double.isNaN(range.max()) ? "at most " + number(range.max()) + unit : "";
		String accepted = (lower.isEmpty() || upper.isEmpty()) ? lower + upper : lower + " and " + upper;
		return range.note().isEmpty() ? accepted : accepted + "; " + range.note();
	}

	private static InvalidMoleculerPropertiesException.Violation violation(String key, Object value, String reason,
			String accepted) {
		return new InvalidMoleculerPropertiesException.Violation(key, String.valueOf(value), reason, accepted);
	}

	private static boolean isNested(Field field) {
		Class<?> type = field.getType();
		Class<?> top = type;
		while (top.getEnclosingClass() != null) {
			top = top.getEnclosingClass();
		}
		return top == MoleculerProperties.class || top == MoleculerNatsProperties.class;
	}

	private static ChronoUnit durationUnit(Field field) {
		DurationUnit unit = field.getAnnotation(DurationUnit.class);
		return (unit != null) ? unit.value() : ChronoUnit.MILLIS;
	}

	private static String suffix(ChronoUnit unit) {
		return (unit == ChronoUnit.SECONDS) ? "s" : (unit == ChronoUnit.MINUTES) ? "m" : "ms";
	}

	/**
	 * A duration as it would be written in the configuration: in the field's unit when it is a
	 * whole number of them, else in milliseconds, else in ISO-8601.
	 */
	static String format(Duration duration, ChronoUnit unit) {
		Duration unitDuration = unit.getDuration();
		if (duration.toNanos() % unitDuration.toNanos() == 0) {
			return DurationStyle.SIMPLE.print(duration, unit);
		}
		if (duration.toNanos() % 1_000_000 == 0) {
			return DurationStyle.SIMPLE.print(duration, ChronoUnit.MILLIS);
		}
		return duration.toString();
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

}
