package io.github.moleculerspring.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;

/**
 * Creates the NATS transporter for {@code moleculer.transporter} values with the {@code nats} (or
 * {@code tls}) scheme, or the bare word {@code NATS} (a server on localhost), as Moleculer accepts
 * them: {@code nats://host:4222}, {@code nats://user:pass@host:4222}, a comma-separated list of URLs.
 * {@code moleculer.nats.*} adds servers, credentials, TLS from an SSL bundle and connection
 * settings; {@link NatsOptionsCustomizer} beans adjust anything else.
 */
public final class NatsTransporterFactory implements TransporterFactory {

	private final MoleculerNatsProperties properties;

	private final @Nullable SslBundles sslBundles;

	private final List<NatsOptionsCustomizer> customizers;

	private final @Nullable String nodeID;

	public NatsTransporterFactory(MoleculerNatsProperties properties, @Nullable SslBundles sslBundles,
			List<NatsOptionsCustomizer> customizers, @Nullable String nodeID) {
		this.properties = properties;
		this.sslBundles = sslBundles;
		this.customizers = List.copyOf(customizers);
		this.nodeID = nodeID;
	}

	@Override
	public String scheme() {
		return "nats";
	}

	/** Also accepts {@code tls://} URLs, which jnats connects to with TLS. */
	@Override
	public boolean handles(String scheme) {
		String lower = scheme.toLowerCase(Locale.ROOT);
		return lower.equals("nats") || lower.equals("tls");
	}

	@Override
	public Transporter create(String url) {
		return new NatsTransporter(options(url));
	}

	/**
	 * The transporter options of a {@code moleculer.transporter} value and the properties.
	 * @param url the configured value
	 * @return the options
	 */
	NatsTransporterOptions options(String url) {
		MoleculerNatsProperties props = this.properties;
		NatsTransporterOptions.Builder builder = NatsTransporterOptions.builder();
		List<String> servers = new ArrayList<>();
		if (!url.contains("://")) {
			servers.add("nats://localhost:4222");
		}
		else {
			for (String part : url.split(",")) {
				if (!part.isBlank()) {
					servers.add(part.trim());
				}
			}
		}
		servers.addAll(props.getServers());
		for (String server : servers) {
			builder.server(server);
		}
		String connectionName = (props.getConnectionName() != null) ? props.getConnectionName() : this.nodeID;
		builder.connectionName(connectionName)
			.username(props.getUsername())
			.password(props.getPassword())
			.token(props.getToken())
			.credentials((props.getCredentials() != null) ? Path.of(props.getCredentials()) : null)
			.reconnectWait(props.getReconnectWait())
			.maxReconnects(props.getMaxReconnects())
			.pingInterval(props.getPingInterval())
			.connectionTimeout(props.getConnectionTimeout())
			.drainTimeout(props.getDrainTimeout())
			.maxOutgoingMessages(props.getMaxOutgoingMessages())
			.outgoingQueueFullWait(props.getOutgoingQueueFullWait())
			.pendingMessageLimit(props.getPendingMessageLimit())
			.pendingByteLimit(props.getPendingByteLimit());
		SSLContext sslContext = sslContext(props.getSsl());
		if (sslContext != null) {
			builder.sslContext(sslContext);
		}
		if (!props.getProperties().isEmpty()) {
			Properties jnats = new Properties();
			jnats.putAll(props.getProperties());
			builder.customizer((options) -> options.properties(jnats));
		}
		for (NatsOptionsCustomizer customizer : this.customizers) {
			builder.customizer(customizer::customize);
		}
		return builder.build();
	}

	private @Nullable SSLContext sslContext(MoleculerNatsProperties.Ssl ssl) {
		String bundle = ssl.getBundle();
		boolean enabled = (ssl.getEnabled() != null) ? ssl.getEnabled() : bundle != null;
		if (!enabled) {
			return null;
		}
		if (bundle == null) {
			try {
				return SSLContext.getDefault();
			}
			catch (Exception ex) {
				throw new InvalidConfigurationPropertyValueException("moleculer.nats.ssl.enabled", true,
						"no default SSL context exists: " + ex.getMessage(), ex);
			}
		}
		if (this.sslBundles == null) {
			throw new InvalidConfigurationPropertyValueException("moleculer.nats.ssl.bundle", bundle,
					"no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		try {
			return this.sslBundles.getBundle(bundle).createSslContext();
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException("moleculer.nats.ssl.bundle", bundle,
					"no such SSL bundle; configured: " + (this.sslBundles.getBundleNames().isEmpty() ? "none"
							: String.join(", ", this.sslBundles.getBundleNames())), ex);
		}
	}

}
