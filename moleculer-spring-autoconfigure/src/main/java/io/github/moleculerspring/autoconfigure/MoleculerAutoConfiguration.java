package io.github.moleculerspring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.moleculerspring.annotation.MoleculerServiceBeanPostProcessor;
import io.github.moleculerspring.annotation.support.OptionValues;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.strategy.StrategyFactory;
import io.github.moleculerspring.strategy.UnknownStrategyException;
import io.github.moleculerspring.transport.PollerSettings;
import io.github.moleculerspring.transport.Transporter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of a Moleculer {@link ServiceBroker}.
 *
 * <p>
 * Registers, each unless the application defines its own:
 * <ul>
 * <li>the {@link ServiceBroker}, built from {@link MoleculerProperties}, the application's
 * {@link JsonMapper}, a {@link Transporter} bean or the one {@code moleculer.transporter} names,
 * {@link Middleware} beans, {@link StrategyFactory} beans (each a strategy named after its bean,
 * which {@code moleculer.registry.strategy} and {@code @Action(strategy)} may select), a
 * {@link CircuitBreakerCheck} and a {@link RetryPolicyCheck} bean, and
 * {@link ServiceBrokerCustomizer}s;</li>
 * <li>the {@link MoleculerBrokerLifecycle} that starts and stops it with the context;</li>
 * <li>the {@link MoleculerServiceBeanPostProcessor} that registers
 * {@link io.github.moleculerspring.annotation.MoleculerService @MoleculerService} beans;</li>
 * <li>the checks of the settings: {@link UnknownMoleculerPropertiesCheck} fails startup on a
 * {@code moleculer.*} key that no setting has, {@link MoleculerPropertiesValidationPostProcessor}
 * on a value out of range, both with a failure analysis naming the key.</li>
 * </ul>
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnClass(ServiceBroker.class)
@EnableConfigurationProperties(MoleculerProperties.class)
public final class MoleculerAutoConfiguration {

	private static final String TRANSPORTER = "moleculer.transporter";

	@Bean
	@ConditionalOnMissingBean
	static UnknownMoleculerPropertiesCheck unknownMoleculerPropertiesCheck(Environment environment) {
		return new UnknownMoleculerPropertiesCheck(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	static MoleculerPropertiesValidationPostProcessor moleculerPropertiesValidationPostProcessor() {
		return new MoleculerPropertiesValidationPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	static MoleculerServiceBeanPostProcessor moleculerServiceBeanPostProcessor(
			ObjectProvider<MoleculerProperties> properties) {
		MoleculerServiceBeanPostProcessor processor = new MoleculerServiceBeanPostProcessor();
		processor.setParamsCoercion(() -> properties.getObject().getParams().getCoercion());
		return processor;
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceBroker serviceBroker(MoleculerProperties properties, Environment environment,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<Transporter> transporter,
			ObjectProvider<TransporterFactory> transporterFactories, ObjectProvider<Middleware> middlewares,
			ListableBeanFactory beanFactory, ObjectProvider<CircuitBreakerCheck> circuitBreakerCheck,
			ObjectProvider<RetryPolicyCheck> retryPolicyCheck, ObjectProvider<ServiceBrokerCustomizer> customizers) {
		BrokerOptions.Builder builder = BrokerOptions.builder();
		applyProperties(builder, properties, environment);
		Map<String, StrategyFactory> strategies = beanFactory.getBeansOfType(StrategyFactory.class);
		strategies.forEach(builder::strategy);
		CircuitBreakerCheck failureCheck = circuitBreakerCheck.getIfUnique();
		RetryPolicyCheck retryCheck = retryPolicyCheck.getIfUnique();
		applyFaultTolerance(builder, properties, (failureCheck != null) ? failureCheck::isFailure : null,
				(retryCheck != null) ? retryCheck::isRetryable : null);
		builder.mapper(jsonMapper.getIfUnique(BrokerOptions::defaultMapper));
		builder.transporter(transporter.getIfUnique(() -> createTransporter(properties.getTransporter(),
				transporterFactories.orderedStream().toList())));
		middlewares.orderedStream().forEach(builder::middleware);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new ServiceBroker(build(builder, properties.getRegistry().getStrategy()));
	}

	@Bean
	@ConditionalOnMissingBean
	MoleculerBrokerLifecycle moleculerBrokerLifecycle(ServiceBroker serviceBroker, MoleculerProperties properties) {
		return new MoleculerBrokerLifecycle(serviceBroker, properties.getStartTimeout());
	}

	static void applyProperties(BrokerOptions.Builder builder, MoleculerProperties properties,
			Environment environment) {
		builder.namespace(properties.getNamespace())
			.nodeID(properties.getNodeId())
			.requestTimeout(properties.getRequestTimeout())
			.maxCallLevel(properties.getMaxCallLevel())
			.heartbeatInterval(properties.getHeartbeatInterval())
			.heartbeatTimeout(properties.getHeartbeatTimeout())
			.protocolVersion(protocolVersion(properties.getProtocolVersion()))
			.disableBalancer(properties.isDisableBalancer())
			.preferLocal(properties.getRegistry().isPreferLocal())
			.strategy(properties.getRegistry().getStrategy())
			.strategyOptions(OptionValues.normalize(properties.getRegistry().getStrategyOptions()))
			.incomingQueueSize(properties.getExecutor().getQueueSize())
			.incomingEventQueueSize(properties.getExecutor().getEventQueueSize())
			.transitMaxQueueSize(properties.getTransit().getMaxQueueSize())
			.metadata(properties.getMetadata())
			.errorStackTraces(properties.getErrors().isIncludeStack())
			.errorExceptionNames(properties.getErrors().isIncludeException());
		MoleculerProperties.Executor executor = properties.getExecutor();
		if (executor.getThreads() != null) {
			builder.workerThreads(executor.getThreads());
		}
		builder.virtualThreads((executor.getVirtualThreads() != null) ? executor.getVirtualThreads()
				: Threading.VIRTUAL.isActive(environment));
		MoleculerProperties.Executor.Pollers pollers = executor.getPollers();
		builder.pollers(new PollerSettings(pollers.isEnabled(), pollers.getBlockedAfter(), pollers.getMaxSpares()));
	}

	/**
	 * Maps {@code moleculer.circuit-breaker.*}, {@code moleculer.retry-policy.*} and
	 * {@code moleculer.bulkhead.*}; their values were checked when they were bound
	 * ({@link MoleculerPropertiesValidator}).
	 * @param builder the options builder
	 * @param properties the properties
	 * @param circuitBreakerCheck the failure check of the circuit breaker, or {@code null} for
	 * Moleculer's ({@code code >= 500})
	 * @param retryCheck the check of retryable errors, or {@code null} for Moleculer's (the
	 * {@code retryable} flag)
	 */
	static void applyFaultTolerance(BrokerOptions.Builder builder, MoleculerProperties properties,
			@Nullable Predicate<Throwable> circuitBreakerCheck, @Nullable Predicate<Throwable> retryCheck) {
		MoleculerProperties.CircuitBreaker circuitBreaker = properties.getCircuitBreaker();
		builder.circuitBreaker(new CircuitBreakerOptions(circuitBreaker.isEnabled(), circuitBreaker.getThreshold(),
				circuitBreaker.getMinRequestCount(), circuitBreaker.getWindowTime(), circuitBreaker.getHalfOpenTime(),
				(circuitBreakerCheck != null) ? circuitBreakerCheck : CircuitBreakerOptions.DEFAULT_CHECK));
		MoleculerProperties.RetryPolicy retryPolicy = properties.getRetryPolicy();
		builder.retryPolicy(new RetryPolicy(retryPolicy.isEnabled(), retryPolicy.getRetries(), retryPolicy.getDelay(),
				retryPolicy.getMaxDelay(), retryPolicy.getFactor(),
				(retryCheck != null) ? retryCheck : RetryPolicy.DEFAULT_CHECK));
		MoleculerProperties.Bulkhead bulkhead = properties.getBulkhead();
		builder.bulkhead(new BulkheadOptions(bulkhead.isEnabled(), bulkhead.getConcurrency(),
				bulkhead.getMaxQueueSize()));
	}

	/**
	 * Builds the options, reporting a {@code moleculer.registry.strategy} that names no strategy
	 * as an invalid property. The check is the options' own (it waits for the customizers, which
	 * may register strategies); this only words its failure with the property key.
	 * @param builder the options builder
	 * @param strategy the configured strategy name
	 * @return the options
	 * @throws InvalidConfigurationPropertyValueException when the configured strategy is unknown
	 */
	static BrokerOptions build(BrokerOptions.Builder builder, String strategy) {
		try {
			return builder.build();
		}
		catch (UnknownStrategyException ex) {
			if (ex.name().equals(strategy)) {
				throw new InvalidConfigurationPropertyValueException("moleculer.registry.strategy", strategy,
						"no such strategy; use one of " + String.join(", ", ex.known())
								+ " or the name of a StrategyFactory bean");
			}
			throw ex;
		}
	}

	/**
	 * Maps {@code moleculer.protocol-version}.
	 * @param value {@code auto}, {@code 4} or {@code 5}
	 * @return the version, or {@code null} for {@code auto}
	 */
	static @Nullable ProtocolVersion protocolVersion(@Nullable String value) {
		String version = (value != null) ? value.trim().toLowerCase(Locale.ROOT) : "auto";
		if (version.isEmpty() || version.equals("auto")) {
			return null;
		}
		ProtocolVersion protocolVersion = ProtocolVersion.of(version);
		if (protocolVersion == null) {
			throw new InvalidConfigurationPropertyValueException("moleculer.protocol-version", value,
					"Unsupported protocol version; supported: auto, 4, 5");
		}
		return protocolVersion;
	}

	/**
	 * Creates the transporter of a {@code moleculer.transporter} value with the factory of its
	 * scheme; the built-in {@code local} factory comes after the beans.
	 * @param url the value, or {@code null} for none
	 * @param factories the factory beans
	 * @return the transporter, or {@code null} when none is configured
	 * @throws InvalidConfigurationPropertyValueException when no factory handles the scheme, or
	 * the factory rejects the URL
	 */
	static @Nullable Transporter createTransporter(@Nullable String url, List<TransporterFactory> factories) {
		if (url == null || url.isBlank()) {
			return null;
		}
		String value = url.trim();
		String scheme = scheme(value);
		List<TransporterFactory> candidates = new ArrayList<>(factories);
		candidates.add(new LocalTransporterFactory());
		Set<String> supported = new LinkedHashSet<>();
		for (TransporterFactory factory : candidates) {
			if (factory.handles(scheme)) {
				try {
					return factory.create(value);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidConfigurationPropertyValueException(TRANSPORTER,
							MoleculerPropertiesFailureAnalyzer.mask(value),
							MoleculerPropertiesFailureAnalyzer.mask(String.valueOf(ex.getMessage())), ex);
				}
			}
			supported.add(factory.scheme().toLowerCase(Locale.ROOT));
		}
		String hint = (scheme.equals("nats") || scheme.equals("tls"))
				? " (the NATS transporter needs io.nats:jnats on the classpath)" : "";
		throw new InvalidConfigurationPropertyValueException(TRANSPORTER, MoleculerPropertiesFailureAnalyzer.mask(value),
				"Unsupported transporter scheme '" + scheme + "'; supported: " + String.join(", ", supported) + hint);
	}

	/**
	 * The scheme of a transporter URL: the part before {@code ://}, or the whole value for a bare
	 * name such as {@code local} or {@code NATS}, in lower case.
	 * @param url the URL
	 * @return the scheme
	 */
	static String scheme(String url) {
		int separator = url.indexOf("://");
		String scheme = (separator >= 0) ? url.substring(0, separator) : url;
		return scheme.trim().toLowerCase(Locale.ROOT);
	}

}
