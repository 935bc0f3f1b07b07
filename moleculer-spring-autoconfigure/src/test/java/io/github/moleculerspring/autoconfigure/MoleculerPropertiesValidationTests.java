package io.github.moleculerspring.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.test.NatsServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests that every bad {@code moleculer.*} setting fails startup with a failure analysis naming
 * its key: values out of range, rules between keys, unknown keys, and the values checked when the
 * broker is built.
 */
@ExtendWith(OutputCaptureExtension.class)
class MoleculerPropertiesValidationTests {

	private final AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
				MoleculerNatsAutoConfiguration.class, MoleculerAutoConfiguration.class))
		.withInitializer((context) -> this.environment.set(context.getEnvironment()));

	@TempDir
	static Path directory;

	/**
	 * Every key of the README's configuration table: a value that must fail startup (null when the
	 * key accepts any value) and a boundary value that must start, and further settings for both.
	 */
	static Stream<Arguments> readmeKeys() throws IOException {
		Path credentials = Files.writeString(directory.resolve("app.creds"), "not a real one");
		String unreachableNats = "nats://127.0.0.1:" + NatsServer.freePort();
		return Stream.of(
				row("moleculer.namespace", "my shop", ""),
				row("moleculer.node-id", "node>1", "node-1.eu"),
				row("moleculer.transporter", "amqp://user:secret@localhost", "local"),
				row("moleculer.start-timeout", "-1", "0"),
				row("moleculer.request-timeout", "-5", "0"),
				row("moleculer.max-call-level", "-1", "0"),
				row("moleculer.heartbeat-interval", "-10", "1ms"),
				row("moleculer.heartbeat-timeout", "10", "11"),
				row("moleculer.protocol-version", "3", "4"),
				row("moleculer.disable-balancer", "maybe", "true"),
				row("moleculer.fail-on-unknown-properties", "maybe", "false"),
				row("moleculer.registry.prefer-local", "maybe", "false"),
				row("moleculer.registry.strategy", "Fast", "Shard"),
				row("moleculer.registry.strategy-options.*", "abc", "20", "moleculer.registry.strategy=Shard"),
				row("moleculer.circuit-breaker.enabled", "maybe", "true"),
				row("moleculer.circuit-breaker.threshold", "0", "1"),
				row("moleculer.circuit-breaker.min-request-count", "0", "1"),
				row("moleculer.circuit-breaker.window-time", "0", "1"),
				row("moleculer.circuit-breaker.half-open-time", "-1", "0"),
				row("moleculer.retry-policy.enabled", "maybe", "true"),
				row("moleculer.retry-policy.retries", "-1", "0"),
				row("moleculer.retry-policy.delay", "1001", "1000"),
				row("moleculer.retry-policy.max-delay", "-1", "100"),
				row("moleculer.retry-policy.factor", "0.99", "1"),
				row("moleculer.bulkhead.enabled", "maybe", "true"),
				row("moleculer.bulkhead.concurrency", "0", "1"),
				row("moleculer.bulkhead.max-queue-size", "-1", "0"),
				row("moleculer.metadata.*", null, "anything"),
				row("moleculer.executor.threads", "0", "1"),
				row("moleculer.executor.virtual-threads", "maybe", "false"),
				row("moleculer.executor.queue-size", "0", "1"),
				row("moleculer.executor.event-queue-size", "0", "1"),
				row("moleculer.executor.pollers.enabled", "maybe", "false"),
				row("moleculer.executor.pollers.blocked-after", "0ms", "1ms"),
				row("moleculer.executor.pollers.blocked-after", "61s", "60s"),
				row("moleculer.executor.pollers.max-spares", "-1", "0"),
				row("moleculer.executor.pollers.max-spares", "257", "256"),
				row("moleculer.transit.max-queue-size", "0", "1"),
				row("moleculer.errors.include-stack", "maybe", "true"),
				row("moleculer.errors.include-exception", "maybe", "true"),
				row("moleculer.web.problem-details.enabled", "maybe", "false"),
				row("moleculer.params.coercion", "sloppy", "lenient"),
				row("moleculer.nats.servers", "nats://", "nats://127.0.0.1:4222"),
				row("moleculer.nats.connection-name", null, "any name"),
				row("moleculer.nats.username", null, "app"),
				row("moleculer.nats.password", null, "s3cret", "moleculer.nats.username=app"),
				row("moleculer.nats.token", null, "t0ken"),
				row("moleculer.nats.credentials", directory.resolve("missing.creds").toString(), credentials.toString()),
				row("moleculer.nats.ssl.bundle", "missing", null, "moleculer.transporter=" + unreachableNats),
				row("moleculer.nats.ssl.enabled", "maybe", "false"),
				row("moleculer.nats.reconnect-wait", "-1", "0"),
				row("moleculer.nats.max-reconnects", "-2", "-1"),
				row("moleculer.nats.ping-interval", "0", "1"),
				row("moleculer.nats.connection-timeout", "0", "1"),
				row("moleculer.nats.drain-timeout", "0", "1"),
				row("moleculer.nats.max-outgoing-messages", "0", "1"),
				row("moleculer.nats.outgoing-queue-full-wait", "49", "50"),
				row("moleculer.nats.pending-message-limit", "0", "1"),
				row("moleculer.nats.pending-byte-limit", "0", "1"),
				row("moleculer.nats.properties.*", null, "true"));
	}

	/** The entry each map key of the table is tested with. */
	private static final Map<String, String> MAP_ENTRIES = Map.of("moleculer.registry.strategy-options.*", "vnodes",
			"moleculer.metadata.*", "region", "moleculer.nats.properties.*", "io.nats.client.verbose");

	private static Arguments row(String key, @Nullable String invalid, @Nullable String valid, String... settings) {
		return Arguments.of(key, invalid, valid, settings);
	}

	@Test
	void theTableOfKeysIsTheReadmeTable() throws IOException {
		Set<String> tested = new TreeSet<>();
		readmeKeys().forEach((arguments) -> tested.add((String) arguments.get()[0]));
		assertThat(readmeTableKeys()).containsExactlyInAnyOrderElementsOf(tested);
	}

	@ParameterizedTest(name = "{0}: {1} fails, {2} starts")
	@MethodSource("readmeKeys")
	void everyReadmeKeyRejectsAnInvalidValueNamingTheKeyAndStartsWithItsBoundaryValue(String key,
			@Nullable String invalid, @Nullable String valid, String[] settings) {
		String property = key.endsWith(".*") ? key.substring(0, key.length() - 1) + MAP_ENTRIES.get(key) : key;
		if (invalid != null) {
			this.contextRunner.withPropertyValues(settings).withPropertyValues(property + "=" + invalid).run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("Property: " + property)
					.doesNotContain("secret");
				assertThat(analysis.getAction()).contains(property);
			});
		}
		if (valid != null) {
			this.contextRunner.withPropertyValues(settings)
				.withPropertyValues(property + "=" + valid)
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	@Test
	void everyNumericAndDurationFieldHasARange() {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : List.of(MoleculerProperties.class, MoleculerNatsProperties.class)) {
			collectFieldsWithoutRange(type, missing);
		}
		assertThat(missing).isEmpty();
	}

	private static void collectFieldsWithoutRange(Class<?> type, List<String> missing) {
		ReflectionUtils.doWithFields(type, (field) -> {
			Class<?> fieldType = field.getType();
			boolean numeric = fieldType.isPrimitive() && fieldType != boolean.class
					|| Number.class.isAssignableFrom(fieldType) || fieldType == Duration.class;
			if (numeric && !field.isAnnotationPresent(Range.class)) {
				missing.add(type.getSimpleName() + "." + field.getName());
			}
			if (fieldType.getEnclosingClass() == type) {
				collectFieldsWithoutRange(fieldType, missing);
			}
		}, (field) -> !java.lang.reflect.Modifier.isStatic(field.getModifiers()));
	}

	@Test
	void outOfRangeValueIsReportedWithItsKeyValueOriginAndAcceptedRange() {
		this.contextRunner.withPropertyValues("moleculer.request-timeout=-5").run((context) -> {
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidMoleculerPropertiesException.class)
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property moleculer.request-timeout with value '-5ms' is invalid: must not be negative");
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.request-timeout")
				.contains("Value: \"-5\" (-5ms)")
				.contains("Origin: \"moleculer.request-timeout\" from property source \"test\"")
				.contains("Reason: must not be negative")
				.contains("Accepted: 0ms or more; 0 means no timeout");
			assertThat(analysis.getAction())
				.isEqualTo("Update moleculer.request-timeout in your application's configuration to an accepted value.");
		});
	}

	@Test
	void heartbeatIntervalOfZeroOrLessFailsInsteadOfSwitchingHeartbeatsOff() {
		this.contextRunner.withPropertyValues("moleculer.heartbeat-interval=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("Property: moleculer.heartbeat-interval")
				.contains("Reason: must be positive")
				.contains("Accepted: greater than 0s");
		});
	}

	@Test
	void pollerBlockedAfterOutOfRangeNamesTheKeyAndTheRangeInMilliseconds() {
		this.contextRunner.withPropertyValues("moleculer.executor.pollers.blocked-after=61s").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.executor.pollers.blocked-after")
				.contains("Value: \"61s\" (61000ms)")
				.contains("Reason: must be at least 1ms and at most 60000ms")
				.contains("Accepted: 1ms or more and at most 60000ms");
		});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsBeforeJava21FailNamingTheKey() {
		this.contextRunner.withPropertyValues("moleculer.executor.virtual-threads=true")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("Property: moleculer.executor.virtual-threads")
				.contains("Reason: needs Java 21 or later"));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsFromJava21Start() {
		this.contextRunner.withPropertyValues("moleculer.executor.virtual-threads=true")
			.run((context) -> assertThat(context.getBean(ServiceBroker.class).options().virtualThreads()).isTrue());
	}

	@Test
	void everyInvalidValueIsReportedAtOnce() {
		this.contextRunner
			.withPropertyValues("moleculer.request-timeout=-5", "moleculer.max-call-level=-1",
					"moleculer.circuit-breaker.threshold=1.5")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("Property: moleculer.request-timeout")
					.contains("Property: moleculer.max-call-level")
					.contains("Property: moleculer.circuit-breaker.threshold")
					.contains("Reason: must be greater than 0 and at most 1");
				assertThat(analysis.getAction()).contains(
						"moleculer.request-timeout, moleculer.max-call-level, moleculer.circuit-breaker.threshold");
			});
	}

	@Test
	void heartbeatTimeoutMustBeLongerThanTheIntervalNamingBothKeys() {
		this.contextRunner.withPropertyValues("moleculer.heartbeat-interval=40").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.heartbeat-timeout")
				.contains("Value: \"30s\"")
				.contains("Reason: must be longer than moleculer.heartbeat-interval (40s)")
				.doesNotContain("heartbeatTimeout");
		});
	}

	@Test
	void retryDelayMustNotExceedTheMaximumDelay() {
		this.contextRunner.withPropertyValues("moleculer.retry-policy.delay=2s").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.retry-policy.delay")
				.contains("Value: \"2s\" (2000ms)")
				.contains("Reason: must not be longer than moleculer.retry-policy.max-delay (1000ms)");
		});
	}

	@Test
	void valuesThatDoNotConvertAreReportedWithTheAcceptedForm() {
		this.contextRunner.withPropertyValues("moleculer.request-timeout=soon").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.request-timeout")
				.contains("Value: \"soon\"")
				.contains("Reason: cannot be converted to Duration")
				.contains("such as 500ms, 10s or 2m");
		});
	}

	@Test
	void unsupportedTransporterSchemeIsReportedWithoutTheCredentials() {
		this.contextRunner.withPropertyValues("moleculer.transporter=amqp://user:secret@localhost:5672")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("Property: moleculer.transporter")
					.contains("Value: \"amqp://****@localhost:5672\"")
					.contains("Reason: Unsupported transporter scheme 'amqp'; supported: nats, local")
					.contains("Origin: \"moleculer.transporter\" from property source \"test\"")
					.doesNotContain("secret");
			});
	}

	@Test
	void invalidNatsUrlInTheTransporterNamesTheTransporterKey() {
		this.contextRunner.withPropertyValues("moleculer.transporter=nats://user:secret@").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.transporter")
				.contains("Invalid NATS server URL")
				.doesNotContain("secret");
		});
	}

	@Test
	void unknownStrategyIsReportedWithTheKnownOnes() {
		this.contextRunner.withPropertyValues("moleculer.registry.strategy=Fast").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.registry.strategy")
				.contains("Value: \"Fast\"")
				.contains("no such strategy; use one of CpuUsage, Latency, Random, RoundRobin, Shard");
		});
	}

	@Test
	void unsupportedProtocolVersionIsReportedWithTheSupportedOnes() {
		this.contextRunner.withPropertyValues("moleculer.protocol-version=3").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.protocol-version")
				.contains("Reason: must be auto, 4 or 5");
		});
	}

	@Test
	void numericOptionsOfTheBuiltInStrategiesAreCheckedAtStartup() {
		this.contextRunner
			.withPropertyValues("moleculer.registry.strategy=Shard", "moleculer.registry.strategy-options.vnodes=0",
					"moleculer.registry.strategy-options.cache-size=many")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("Property: moleculer.registry.strategy-options.vnodes")
				.contains("Reason: must be a whole number of 1 or more")
				.contains("Property: moleculer.registry.strategy-options.cache-size")
				.contains("Value: \"many\""));
		this.contextRunner
			.withPropertyValues("moleculer.registry.strategy=Latency",
					"moleculer.registry.strategy-options.pingInterval=0")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("Property: moleculer.registry.strategy-options.ping-interval")
				.contains("Reason: must be a number greater than 0"));
		this.contextRunner
			.withPropertyValues("moleculer.registry.strategy=CpuUsage",
					"moleculer.registry.strategy-options.low-cpu-usage=101")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("Property: moleculer.registry.strategy-options.low-cpu-usage")
				.contains("Reason: must be a whole number of 0 or more and at most 100"));
		this.contextRunner
			.withPropertyValues("moleculer.registry.strategy=Latency", "moleculer.registry.strategy-options.sample-count=2",
					"moleculer.registry.strategy-options.low-latency=2.5",
					"moleculer.registry.strategy-options.ping-interval=0.5")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void withoutJnatsValuesAreCheckedAndNatsKeysAreStillKnown() {
		ApplicationContextRunner withoutJnats = this.contextRunner.withClassLoader(new FilteredClassLoader("io.nats"));
		withoutJnats.withPropertyValues("moleculer.request-timeout=-5")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("Property: moleculer.request-timeout"));
		withoutJnats.withPropertyValues("moleculer.nats.servers=nats://a:4222", "moleculer.nats.max-reconnects=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MoleculerNatsProperties.class);
			});
	}

	@Test
	void misspelledKeyFailsStartupSuggestingTheKnownKey() {
		this.contextRunner.withPropertyValues("moleculer.transpoter=nats://127.0.0.1:4222").run((context) -> {
			assertThat(context.getStartupFailure()).isInstanceOf(UnknownMoleculerPropertiesException.class)
				.hasMessage("Unknown configuration property 'moleculer.transpoter' (from \"moleculer.transpoter\" "
						+ "from property source \"test\"); did you mean 'moleculer.transporter'?");
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.transpoter")
				.contains("Origin: \"moleculer.transpoter\" from property source \"test\"")
				.contains("Did you mean: moleculer.transporter");
			assertThat(analysis.getAction()).contains("moleculer.fail-on-unknown-properties=false");
		});
	}

	@Test
	void misspelledEnvironmentVariableFailsStartupNamingTheVariable() {
		withEnvironmentVariables(Map.of("MOLECULER_TRANSPOTER", "nats://127.0.0.1:4222")).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: moleculer.transpoter")
				.contains("MOLECULER_TRANSPOTER")
				.contains("Did you mean: moleculer.transporter");
		});
	}

	@Test
	void environmentVariablesOfKnownKeysAreAccepted() {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("MOLECULER_HEARTBEAT_INTERVAL", "5");
		variables.put("MOLECULER_HEARTBEATTIMEOUT", "20");
		variables.put("MOLECULER_CIRCUIT_BREAKER_MIN_REQUEST_COUNT", "3");
		variables.put("MOLECULER_METADATA_REGION", "eu");
		variables.put("MOLECULER_REGISTRY_STRATEGY_OPTIONS_VNODES", "20");
		variables.put("MOLECULER_NATS_SERVERS_0_", "nats://a:4222");
		variables.put("MOLECULER_NATS_PROPERTIES_VERBOSE", "true");
		withEnvironmentVariables(variables).run((context) -> {
			assertThat(context).hasNotFailed();
			BrokerOptions options = context.getBean(ServiceBroker.class).options();
			assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(options.circuitBreaker().minRequestCount()).isEqualTo(3);
			assertThat(options.metadata()).containsEntry("region", "eu");
			assertThat(context.getBean(MoleculerNatsProperties.class).getServers()).containsExactly("nats://a:4222");
		});
	}

	@Test
	void relaxedFormsOfKnownKeysAreAccepted() {
		this.contextRunner
			.withPropertyValues("moleculer.heartbeatInterval=5", "moleculer.heartbeat_timeout=20",
					"moleculer.circuitBreaker.minRequestCount=3", "moleculer.nats.servers[0]=nats://a:4222",
					"moleculer.nats.properties.io.nats.client.verbose=true", "moleculer.metadata.zone.rack=r1",
					"moleculer.registry.strategy-options.shardKey=userId")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(options.circuitBreaker().minRequestCount()).isEqualTo(3);
			});
	}

	@Test
	void everyUnknownKeyIsReportedAtOnceWithoutItsValue() {
		this.contextRunner
			.withPropertyValues("moleculer.nats.pasword=s3cret", "moleculer.retry.enabled=true",
					"moleculer.something-else=1")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("Property: moleculer.nats.pasword")
					.contains("Did you mean: moleculer.nats.password")
					.contains("Property: moleculer.retry.enabled")
					.contains("Did you mean: moleculer.retry-policy.enabled")
					.contains("Property: moleculer.something-else")
					.doesNotContain("s3cret");
				assertThat(analysis.getDescription().split("Did you mean")).hasSize(3);
			});
	}

	@Test
	void unknownKeysOnlyWarnWhenFailOnUnknownPropertiesIsFalse(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("moleculer.transpoter=local", "moleculer.fail-on-unknown-properties=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Unknown configuration property 'moleculer.transpoter'")
					.contains("did you mean 'moleculer.transporter'?");
			});
	}

	@Test
	void keysOfOtherConfigurationPropertiesUnderMoleculerAreKnown() {
		this.contextRunner.withUserConfiguration(ExtraConfiguration.class)
			.withPropertyValues("moleculer.extra.level=3")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withUserConfiguration(ExtraConfiguration.class)
			.withPropertyValues("moleculer.extra.levle=3")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("Did you mean: moleculer.extra.level"));
	}

	@Test
	void missingSslBundleIsReportedWithTheConfiguredOnes() throws IOException {
		this.contextRunner
			.withPropertyValues("moleculer.transporter=nats://127.0.0.1:" + NatsServer.freePort(),
					"moleculer.nats.ssl.bundle=nats")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("Property: moleculer.nats.ssl.bundle")
				.contains("Reason: no such SSL bundle; configured: none"));
	}

	@Test
	void suggestionsNeedAClosePrefixOrTypo() {
		MoleculerPropertyNames names = new MoleculerPropertyNames(
				List.of(Map.entry("moleculer", MoleculerProperties.class),
						Map.entry("moleculer.nats", MoleculerNatsProperties.class)));
		assertThat(names.suggest(name("moleculer.heartbeat-intervall"))).isEqualTo("moleculer.heartbeat-interval");
		assertThat(names.suggest(name("moleculer.metdata.region"))).isEqualTo("moleculer.metadata.region");
		assertThat(names.suggest(name("moleculer.nats.user"))).isEqualTo("moleculer.nats.username");
		assertThat(names.suggest(name("moleculer.foo"))).isNull();
		assertThat(names.keys()).contains("moleculer.transporter", "moleculer.nats.ssl.bundle",
				"moleculer.registry.strategy-options", "moleculer.nats.servers", "moleculer.fail-on-unknown-properties");
	}

	@Test
	void applicationWithABadValuePrintsTheFailureAnalysisNamingTheKey(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> application().run("--moleculer.heartbeat-interval=-10"));
		assertThat(failure).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START");
		String report = output.getOut().substring(output.getOut().indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("Property: moleculer.heartbeat-interval")
			.contains("Value: \"-10\" (-10s)")
			.contains("Origin: \"moleculer.heartbeat-interval\" from property source \"commandLineArgs\"")
			.contains("Reason: must be positive")
			.contains("Accepted: greater than 0s")
			.contains("Update moleculer.heartbeat-interval in your application's configuration to an accepted value.")
			.doesNotContain("UnsatisfiedDependencyException");
	}

	@Test
	void applicationWithAMisspelledKeyPrintsTheFailureAnalysisWithTheSuggestion(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> application().run("--moleculer.transpoter=local"));
		assertThat(failure).isInstanceOf(UnknownMoleculerPropertiesException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: moleculer.transpoter")
			.contains("Did you mean: moleculer.transporter")
			.contains("moleculer.fail-on-unknown-properties=false");
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(ApplicationConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, MoleculerNatsAutoConfiguration.class,
			MoleculerAutoConfiguration.class })
	static class ApplicationConfiguration {

	}

	private static org.springframework.boot.context.properties.source.ConfigurationPropertyName name(String key) {
		return org.springframework.boot.context.properties.source.ConfigurationPropertyName.of(key);
	}

	private ApplicationContextRunner withEnvironmentVariables(Map<String, String> variables) {
		return this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", new LinkedHashMap<>(variables))));
	}

	private FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new MoleculerPropertiesFailureAnalyzer(this.environment.get())
			.analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	/** The keys of the README's configuration table, with "`a.b` / `.c`" rows expanded. */
	static Set<String> readmeTableKeys() throws IOException {
		Path readme = Path.of("..", "README.md");
		String text = Files.readString(readme);
		String table = text.substring(text.indexOf("## Configuration"), text.indexOf("Every value is checked at startup"));
		Set<String> keys = new TreeSet<>();
		Pattern row = Pattern.compile("^\\| (`moleculer[^|]*)\\|", Pattern.MULTILINE);
		Matcher matcher = row.matcher(table);
		while (matcher.find()) {
			Matcher key = Pattern.compile("`([^`]+)`").matcher(matcher.group(1));
			String first = null;
			while (key.find()) {
				String value = key.group(1);
				if (first == null) {
					first = value;
					keys.add(value);
				}
				else if (value.startsWith(".")) {
					keys.add(first.substring(0, first.lastIndexOf('.')) + value);
				}
			}
		}
		return keys;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ExtraProperties.class)
	static class ExtraConfiguration {

	}

	@ConfigurationProperties("moleculer.extra")
	static class ExtraProperties {

		private int level;

		public int getLevel() {
			return this.level;
		}

		public void setLevel(int level) {
			this.level = level;
		}

	}

}
