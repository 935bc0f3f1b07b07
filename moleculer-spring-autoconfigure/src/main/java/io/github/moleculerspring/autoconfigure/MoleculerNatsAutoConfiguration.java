package io.github.moleculerspring.autoconfigure;

import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.nats.client.Connection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the NATS transporter: with jnats on the classpath, {@code moleculer.transporter:
 * nats://host:4222} connects the broker to NATS, configured by {@code moleculer.nats.*}.
 */
@AutoConfiguration(before = MoleculerAutoConfiguration.class, after = SslAutoConfiguration.class)
@ConditionalOnClass({ Connection.class, NatsTransporter.class })
@EnableConfigurationProperties({ MoleculerNatsProperties.class, MoleculerProperties.class })
public final class MoleculerNatsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NatsTransporterFactory natsTransporterFactory(MoleculerNatsProperties natsProperties,
			MoleculerProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<NatsOptionsCustomizer> customizers) {
		return new NatsTransporterFactory(natsProperties, sslBundles.getIfAvailable(),
				customizers.orderedStream().toList(), properties.getNodeId());
	}

}
