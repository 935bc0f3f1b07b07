package io.github.moleculerspring.autoconfigure.observation;

import io.github.moleculerspring.autoconfigure.ServiceBrokerCustomizer;
import io.github.moleculerspring.broker.ServiceBroker;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Micrometer Observations around Moleculer
 * calls and events: when the application has an {@link ObservationRegistry}, the broker observes
 * {@code moleculer.action.call}, {@code moleculer.action.handle}, {@code moleculer.event.emit} and
 * {@code moleculer.event.receive} in it. With Micrometer Tracing (Brave or OpenTelemetry) they become
 * spans, and the trace context travels in the packets' {@code headers} and in Moleculer's
 * {@code requestID}, {@code parentID} and {@code tracing} fields.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ServiceBroker.class, ObservationRegistry.class })
@ConditionalOnBean(ObservationRegistry.class)
public final class MoleculerObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "moleculerObservationServiceBrokerCustomizer")
	ServiceBrokerCustomizer moleculerObservationServiceBrokerCustomizer(ObservationRegistry observationRegistry) {
		return (builder) -> builder.observationRegistry(observationRegistry);
	}

}
