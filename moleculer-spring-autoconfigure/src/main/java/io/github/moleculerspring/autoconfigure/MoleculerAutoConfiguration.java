package io.github.moleculerspring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.moleculerspring.annotation.MoleculerServiceBeanPostProcessor;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.Middleware;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.BrokerOptionsError;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.transport.Transporter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
 * {@link Middleware} beans, and {@link ServiceBrokerCustomizer}s;</li>
 * <li>the {@link MoleculerBrokerLifecycle} that starts and stops it with the context;</li>
 * <li>the {@link MoleculerServiceBeanPostProcessor} that registers
 * {@link io.github.moleculerspring.annotation.MoleculerService @MoleculerService} beans.</li>
 * </ul>
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnClass(ServiceBroker.class)
@EnableConfigurationProperties(MoleculerProperties.class)
public final class MoleculerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static MoleculerServiceBeanPostProcessor moleculerServiceBeanPostProcessor() {
		return new MoleculerServiceBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceBroker serviceBroker(MoleculerProperties properties, Environment environment,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<Transporter> transporter,
			ObjectProvider<TransporterFactory> transporterFactories, ObjectProvider<Middleware> middlewares,
			ObjectProvider<ServiceBrokerCustomizer> customizers) {
		BrokerOptions.Builder builder = BrokerOptions.builder();
		applyProperties(builder, properties, environment);
		builder.mapper(jsonMapper.getIfUnique(BrokerOptions::defaultMapper));
		builder.transporter(transporter.getIfUnique(() -> createTransporter(properties.getTransporter(),
				transporterFactories.orderedStream().toList())));
		middlewares.orderedStream().forEach(builder::middleware);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new ServiceBroker(builder.build());
	}

	@Bean
	@ConditionalOnMissingBean
	MoleculerBrokerLifecycle moleculerBrokerLifecycle(ServiceBroker serviceBroker) {
		return new MoleculerBrokerLifecycle(serviceBroker);
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
			.maxQueueSize(properties.getExecutor().getQueueSize())
			.maxPendingRequests(properties.getTransit().getMaxQueueSize())
			.metadata(properties.getMetadata());
		MoleculerProperties.Executor executor = properties.getExecutor();
		if (executor.getThreads() != null) {
			builder.workerThreads(executor.getThreads());
		}
		builder.virtualThreads((executor.getVirtualThreads() != null) ? executor.getVirtualThreads()
				: Threading.VIRTUAL.isActive(environment));
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
			throw new BrokerOptionsError("Unsupported protocol version '" + value + "'; supported: auto, 4, 5",
					Map.of("protocolVersion", value));
		}
		return protocolVersion;
	}

	/**
	 * Creates the transporter of a {@code moleculer.transporter} value with the factory of its
	 * scheme; the built-in {@code local} factory comes after the beans.
	 * @param url the value, or {@code null} for none
	 * @param factories the factory beans
	 * @return the transporter, or {@code null} when none is configured
	 * @throws BrokerOptionsError when no factory handles the scheme
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
				return factory.create(value);
			}
			supported.add(factory.scheme().toLowerCase(Locale.ROOT));
		}
		throw new BrokerOptionsError("Unsupported transporter scheme '" + scheme
				+ "' in 'moleculer.transporter'; supported: " + String.join(", ", supported), Map.of("scheme", scheme));
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
