package io.github.moleculerspring.autoconfigure.metrics;

import io.github.moleculerspring.autoconfigure.ServiceBrokerCustomizer;
import io.github.moleculerspring.broker.ServiceBroker;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Moleculer's metrics: when the application
 * has a {@link MeterRegistry}, the broker records Moleculer's request, event, registry, transit and
 * circuit breaker meters in it ({@code moleculer.request.total} and the rest of
 * {@link io.github.moleculerspring.metrics.MoleculerMetrics}). Spring Boot's meter filters apply,
 * so {@code management.metrics.enable.moleculer=false} turns them all off.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ ServiceBroker.class, MeterRegistry.class })
@ConditionalOnBean(MeterRegistry.class)
public final class MoleculerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "moleculerMetricsServiceBrokerCustomizer")
	ServiceBrokerCustomizer moleculerMetricsServiceBrokerCustomizer(MeterRegistry meterRegistry) {
		return (builder) -> builder.meterRegistry(meterRegistry);
	}

}
