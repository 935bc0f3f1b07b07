package io.github.moleculerspring.autoconfigure.health;

import io.github.moleculerspring.actuate.health.MoleculerHealthIndicator;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@code moleculer}
 * {@link MoleculerHealthIndicator health indicator}, with Spring Boot's health support on the
 * classpath; {@code management.health.moleculer.enabled=false} turns it off.
 */
@AutoConfiguration(after = MoleculerAutoConfiguration.class)
@ConditionalOnClass({ ServiceBroker.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ServiceBroker.class)
@ConditionalOnEnabledHealthIndicator("moleculer")
public final class MoleculerHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "moleculerHealthIndicator", "moleculerHealthContributor" })
	MoleculerHealthIndicator moleculerHealthIndicator(ServiceBroker serviceBroker) {
		return new MoleculerHealthIndicator(serviceBroker);
	}

}
