package io.github.moleculerspring.autoconfigure.endpoint;

import io.github.moleculerspring.actuate.endpoint.MoleculerEndpoint;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link MoleculerEndpoint}, with Spring
 * Boot Actuator on the classpath, when the endpoint is available: exposed as usual, for example by
 * {@code management.endpoints.web.exposure.include=health,moleculer}.
 */
@AutoConfiguration(after = MoleculerAutoConfiguration.class)
@ConditionalOnClass({ ServiceBroker.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(MoleculerEndpoint.class)
public final class MoleculerEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ServiceBroker.class)
	MoleculerEndpoint moleculerEndpoint(ServiceBroker serviceBroker) {
		return new MoleculerEndpoint(serviceBroker);
	}

}
