package io.github.moleculerspring.transport.nats;

import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NatsTransporterOptionsTests {

	@Test
	void defaultsFollowMoleculerAndJnats() {
		NatsTransporterOptions options = NatsTransporterOptions.builder().build();
		assertThat(options.servers()).containsExactly("nats://localhost:4222");
		// Moleculer.js sets maxReconnectAttempts: -1; the rest are nats.js 2.x defaults, equal to jnats's.
		assertThat(options.maxReconnects()).isEqualTo(-1);
		assertThat(options.reconnectWait()).isEqualTo(Duration.ofSeconds(2)).isEqualTo(Options.DEFAULT_RECONNECT_WAIT);
		assertThat(options.pingInterval()).isEqualTo(Duration.ofMinutes(2)).isEqualTo(Options.DEFAULT_PING_INTERVAL);
		assertThat(options.connectionTimeout()).isEqualTo(Options.DEFAULT_CONNECTION_TIMEOUT);
		assertThat(options.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.username()).isNull();
		assertThat(options.password()).isNull();
		assertThat(options.token()).isNull();
		assertThat(options.credentials()).isNull();
		assertThat(options.sslContext()).isNull();
		assertThat(options.connectionName()).isNull();
		assertThat(options.customizers()).isEmpty();
	}

	@Test
	void defaultsReachTheJnatsOptions() {
		Options jnats = NatsTransporterOptions.builder().build().toJnatsBuilder().build();
		assertThat(jnats.getMaxReconnect()).isEqualTo(-1);
		assertThat(jnats.getReconnectWait()).isEqualTo(Duration.ofSeconds(2));
		assertThat(jnats.getPingInterval()).isEqualTo(Duration.ofMinutes(2));
		assertThat(jnats.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(jnats.getServers()).hasSize(1);
		assertThat(jnats.getServers().iterator().next().toString()).isEqualTo("nats://localhost:4222");
		assertThat(jnats.getMaxMessagesInOutgoingQueue()).isEqualTo(5000);
		assertThat(jnats.getWriteQueuePushTimeout()).isEqualTo(Duration.ofMillis(100));
		assertThat(jnats.isDiscardMessagesWhenOutgoingQueueFull()).isFalse();
	}

	@Test
	void queueLimitsAreExplicitAndCheckedAtBuildTime() {
		NatsTransporterOptions defaults = NatsTransporterOptions.builder().build();
		assertThat(defaults.maxOutgoingMessages()).isEqualTo(5000);
		assertThat(defaults.outgoingQueueFullWait()).isEqualTo(Duration.ofMillis(100));
		assertThat(defaults.pendingMessageLimit()).isEqualTo(65_536);
		assertThat(defaults.pendingByteLimit()).isEqualTo(64L * 1024 * 1024);
		NatsTransporterOptions set = NatsTransporterOptions.builder()
			.maxOutgoingMessages(7)
			.outgoingQueueFullWait(Duration.ofMillis(60))
			.pendingMessageLimit(9)
			.pendingByteLimit(1024)
			.build();
		Options jnats = set.toJnatsBuilder().build();
		assertThat(jnats.getMaxMessagesInOutgoingQueue()).isEqualTo(7);
		assertThat(jnats.getWriteQueuePushTimeout()).isEqualTo(Duration.ofMillis(60));
		assertThat(set.pendingMessageLimit()).isEqualTo(9);
		assertThat(set.pendingByteLimit()).isEqualTo(1024);
		assertThatIllegalArgumentException().isThrownBy(() -> NatsTransporterOptions.builder().maxOutgoingMessages(0))
			.withMessage("maxOutgoingMessages must be at least 1, not 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NatsTransporterOptions.builder().outgoingQueueFullWait(Duration.ofMillis(10)))
			.withMessage("outgoingQueueFullWait must be at least 50 ms, not 10 ms");
		assertThatIllegalArgumentException().isThrownBy(() -> NatsTransporterOptions.builder().pendingMessageLimit(0))
			.withMessage("pendingMessageLimit must be at least 1, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> NatsTransporterOptions.builder().pendingByteLimit(0))
			.withMessage("pendingByteLimit must be at least 1, not 0");
	}

	@Test
	void singleMoleculerUrl() {
		NatsTransporterOptions options = NatsTransporterOptions.of("nats://nats.example.com:4222");
		assertThat(options.servers()).containsExactly("nats://nats.example.com:4222");
		assertThat(options.username()).isNull();
	}

	@Test
	void commaSeparatedUrlsWithCredentialsOfTheFirstThatHasThem() {
		NatsTransporterOptions options = NatsTransporterOptions
			.of("nats://a.example:4222, nats://alice:s%40cret@b.example:4223,nats://bob:other@c.example");
		assertThat(options.servers()).containsExactly("nats://a.example:4222", "nats://b.example:4223",
				"nats://c.example");
		assertThat(options.username()).isEqualTo("alice");
		assertThat(options.password()).isEqualTo("s@cret");
	}

	@Test
	void urlWithoutSchemeGetsNats() {
		assertThat(NatsTransporterOptions.of("127.0.0.1:4333").servers()).containsExactly("nats://127.0.0.1:4333");
	}

	@Test
	void tlsSchemeIsKept() {
		assertThat(NatsTransporterOptions.of("tls://secure.example:4222").servers())
			.containsExactly("tls://secure.example:4222");
	}

	@Test
	void userInfoWithoutPasswordIsAToken() {
		NatsTransporterOptions options = NatsTransporterOptions.of("nats://t0ken@127.0.0.1:4222");
		assertThat(options.token()).isEqualTo("t0ken");
		assertThat(options.username()).isNull();
		assertThat(options.servers()).containsExactly("nats://127.0.0.1:4222");
	}

	@Test
	void explicitCredentialsOverrideUrlCredentials() {
		NatsTransporterOptions options = NatsTransporterOptions.builder()
			.username("carol")
			.password("explicit")
			.url("nats://alice:fromurl@127.0.0.1:4222")
			.build();
		assertThat(options.username()).isEqualTo("carol");
		assertThat(options.password()).isEqualTo("explicit");
	}

	@Test
	void invalidValuesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> NatsTransporterOptions.of(" , "));
		assertThatIllegalArgumentException().isThrownBy(() -> NatsTransporterOptions.of("nats://"));
		assertThatIllegalArgumentException().isThrownBy(() -> NatsTransporterOptions.builder().maxReconnects(-2));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NatsTransporterOptions.builder().pingInterval(Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NatsTransporterOptions.builder().password("lonely").build());
	}

	@Test
	void toStringMasksSecrets() throws Exception {
		NatsTransporterOptions options = NatsTransporterOptions.builder()
			.url("nats://alice:Sup3rSecret@127.0.0.1:4222")
			.token("T0kenValue")
			.credentials(Path.of("/etc/nats/app.creds"))
			.sslContext(SSLContext.getDefault())
			.connectionName("node-1")
			.build();
		String text = options.toString();
		assertThat(text).doesNotContain("Sup3rSecret").doesNotContain("T0kenValue")
			.contains("username=alice", "password=****", "token=****", "nats://127.0.0.1:4222",
					"credentials=/etc/nats/app.creds", "connectionName=node-1");
		assertThat(new NatsTransporter(options).toString()).doesNotContain("Sup3rSecret").doesNotContain("T0kenValue");
	}

	@Test
	void maskCredentialsHidesUserInfoInAnyUrl() {
		assertThat(NatsTransporterOptions.maskCredentials("nats://u:p@h1:4222,tls://tok@h2 and nats://h3"))
			.isEqualTo("nats://****@h1:4222,tls://****@h2 and nats://h3");
		assertThat(NatsTransporterOptions.maskCredentials("nats://u:p@ss@h:1/x")).isEqualTo("nats://****@h:1/x");
	}

	@Test
	void customizersRunAfterTheSettings() {
		Options jnats = NatsTransporterOptions.builder()
			.maxReconnects(5)
			.customizer((builder) -> builder.maxReconnects(7))
			.customizer((builder) -> builder.connectionName("custom"))
			.build()
			.toJnatsBuilder()
			.build();
		assertThat(jnats.getMaxReconnect()).isEqualTo(7);
		assertThat(jnats.getConnectionName()).isEqualTo("custom");
	}

}
