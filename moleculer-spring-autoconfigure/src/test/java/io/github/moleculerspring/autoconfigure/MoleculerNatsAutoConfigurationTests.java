package io.github.moleculerspring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.test.SelfSignedCertificate;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MoleculerNatsAutoConfiguration}, against real nats-server processes.
 */
class MoleculerNatsAutoConfigurationTests {

	private static NatsServer nats;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
				MoleculerNatsAutoConfiguration.class, MoleculerAutoConfiguration.class))
		.withPropertyValues("moleculer.heartbeat-interval=1",
				"moleculer.heartbeat-timeout=3");

	@BeforeAll
	static void startServer() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopServer() {
		nats.close();
	}

	@Test
	void propertiesMapToTheTransporterOptions() {
		this.contextRunner
			.withPropertyValues("moleculer.node-id=orders-1", "moleculer.nats.servers=nats://c:4222",
					"moleculer.nats.username=app", "moleculer.nats.password=s3cret", "moleculer.nats.reconnect-wait=500",
					"moleculer.nats.max-reconnects=7", "moleculer.nats.ping-interval=30000",
					"moleculer.nats.connection-timeout=1500", "moleculer.nats.drain-timeout=2500",
					"moleculer.nats.max-outgoing-messages=11", "moleculer.nats.outgoing-queue-full-wait=75",
					"moleculer.nats.pending-message-limit=12", "moleculer.nats.pending-byte-limit=13")
			.run((context) -> {
				NatsTransporterOptions options = context.getBean(NatsTransporterFactory.class)
					.options("nats://a:4222,nats://b:4223");
				assertThat(options.servers()).containsExactly("nats://a:4222", "nats://b:4223", "nats://c:4222");
				assertThat(options.connectionName()).isEqualTo("orders-1");
				assertThat(options.username()).isEqualTo("app");
				assertThat(options.password()).isEqualTo("s3cret");
				assertThat(options.reconnectWait()).isEqualTo(Duration.ofMillis(500));
				assertThat(options.maxReconnects()).isEqualTo(7);
				assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(options.connectionTimeout()).isEqualTo(Duration.ofMillis(1500));
				assertThat(options.drainTimeout()).isEqualTo(Duration.ofMillis(2500));
				assertThat(options.maxOutgoingMessages()).isEqualTo(11);
				assertThat(options.outgoingQueueFullWait()).isEqualTo(Duration.ofMillis(75));
				assertThat(options.pendingMessageLimit()).isEqualTo(12);
				assertThat(options.pendingByteLimit()).isEqualTo(13);
				assertThat(options.toString()).doesNotContain("s3cret");
			});
	}

	@Test
	void defaultsFollowMoleculerAndJnats() {
		MoleculerNatsProperties properties = new MoleculerNatsProperties();
		assertThat(properties.getMaxReconnects()).isEqualTo(-1);
		assertThat(properties.getReconnectWait()).isEqualTo(NatsTransporterOptions.DEFAULT_RECONNECT_WAIT);
		assertThat(properties.getPingInterval()).isEqualTo(NatsTransporterOptions.DEFAULT_PING_INTERVAL);
		assertThat(properties.getConnectionTimeout()).isEqualTo(NatsTransporterOptions.DEFAULT_CONNECTION_TIMEOUT);
		assertThat(properties.getDrainTimeout()).isEqualTo(NatsTransporterOptions.DEFAULT_DRAIN_TIMEOUT);
		assertThat(properties.getMaxOutgoingMessages()).isEqualTo(NatsTransporterOptions.DEFAULT_MAX_OUTGOING_MESSAGES);
		assertThat(properties.getOutgoingQueueFullWait())
			.isEqualTo(NatsTransporterOptions.DEFAULT_OUTGOING_QUEUE_FULL_WAIT);
		assertThat(properties.getPendingMessageLimit()).isEqualTo(NatsTransporterOptions.DEFAULT_PENDING_MESSAGE_LIMIT);
		assertThat(properties.getPendingByteLimit()).isEqualTo(NatsTransporterOptions.DEFAULT_PENDING_BYTE_LIMIT);
	}

	@Test
	void bareNatsMeansLocalhostAndTlsSchemeIsAccepted() {
		this.contextRunner.run((context) -> {
			NatsTransporterFactory factory = context.getBean(NatsTransporterFactory.class);
			assertThat(factory.options("NATS").servers()).containsExactly("nats://localhost:4222");
			assertThat(factory.handles("tls")).isTrue();
			assertThat(factory.handles("nats")).isTrue();
			assertThat(factory.handles("amqp")).isFalse();
		});
	}

	@Test
	void twoApplicationsCallEachOtherOverNats() {
		this.contextRunner.withUserConfiguration(GreeterConfiguration.class)
			.withPropertyValues("moleculer.transporter=" + nats.url(), "moleculer.node-id=greeter-node",
					"moleculer.namespace=two-apps")
			.run((greeter) -> this.contextRunner
				.withPropertyValues("moleculer.transporter=" + nats.url(), "moleculer.node-id=caller-node",
						"moleculer.namespace=two-apps")
				.run((caller) -> {
					ServiceBroker broker = caller.getBean(ServiceBroker.class);
					assertThat(broker.options().transporter()).isInstanceOf(NatsTransporter.class);
					await().atMost(Duration.ofSeconds(20))
						.until(() -> broker.registry().getActionEndpoints("greeter.hello") != null);
					assertThat(broker.call("greeter.hello", Map.of("name", "Ann")).get(10, TimeUnit.SECONDS))
						.isEqualTo("Hello Ann from greeter-node");
				}));
	}

	@Test
	void userAndPasswordFromPropertiesAuthenticate() {
		try (NatsServer secured = NatsServer.launch(null, "--user", "app", "--pass", "s3cret")) {
			this.contextRunner
				.withPropertyValues("moleculer.transporter=" + secured.url(), "moleculer.nats.username=app",
						"moleculer.nats.password=s3cret")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(ServiceBroker.class).isConnected()).isTrue();
				});
			this.contextRunner
				.withPropertyValues("moleculer.transporter=" + secured.url(), "moleculer.nats.username=app",
						"moleculer.nats.password=wrong-one")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).hasStackTraceContaining("NATS_AUTHENTICATION_FAILED");
					assertThat(stackTrace(context.getStartupFailure())).doesNotContain("wrong-one");
				});
		}
	}

	@Test
	void tlsFromAnSslBundle() throws Exception {
		Path directory = Files.createTempDirectory("nats-tls");
		SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
		try (NatsServer tls = NatsServer.launch(null, "--tls", "--tlscert", certificate.certificateFile().toString(),
				"--tlskey", certificate.keyFile().toString())) {
			this.contextRunner
				.withPropertyValues("moleculer.transporter=" + tls.url(), "moleculer.nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=file:" + certificate.certificateFile())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(ServiceBroker.class).isConnected()).isTrue();
				});
		}
	}

	@Test
	void natsOptionsCustomizerBeansAreApplied() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class)
			.withPropertyValues("moleculer.transporter=" + nats.url())
			.run((context) -> {
				NatsTransporter transporter = (NatsTransporter) context.getBean(ServiceBroker.class)
					.options()
					.transporter();
				assertThat(transporter.connection().getOptions().getConnectionName()).isEqualTo("customized");
			});
	}

	@Test
	void startupFailsWithinTheStartTimeoutWhenNatsIsUnreachableThenTheBrokerStopsRetrying() throws Exception {
		String unreachable = "nats://127.0.0.1:" + NatsServer.freePort();
		long started = System.nanoTime();
		this.contextRunner
			.withPropertyValues("moleculer.transporter=" + unreachable, "moleculer.start-timeout=1s",
					"moleculer.nats.reconnect-wait=100ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("did not start within PT1S")
					.hasStackTraceContaining("moleculer.start-timeout");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Thread.getAllStackTraces().keySet().stream()
				.noneMatch((thread) -> thread.getName().equals("moleculer-nats-connect") && thread.isAlive()));
	}

	@Test
	void aNegativeStartTimeoutIsRejected() {
		this.contextRunner.withPropertyValues("moleculer.start-timeout=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property moleculer.start-timeout with value '-1s' is invalid: must not be negative");
		});
	}

	@Test
	void withoutJnatsTheNatsSchemeIsNotSupported() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(io.nats.client.Connection.class))
			.withPropertyValues("moleculer.transporter=nats://127.0.0.1:4222")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("Unsupported transporter scheme 'nats'");
			});
	}

	private static String stackTrace(Throwable error) {
		java.io.StringWriter out = new java.io.StringWriter();
		error.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(GreeterService.class)
	static class GreeterConfiguration {

	}

	@MoleculerService
	static class GreeterService {

		private final ServiceBroker broker;

		GreeterService(ServiceBroker broker) {
			this.broker = broker;
		}

		@Action
		String hello(@Param("name") String name) {
			return "Hello " + name + " from " + this.broker.nodeID();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		NatsOptionsCustomizer connectionNameCustomizer() {
			return (builder) -> builder.connectionName("customized");
		}

	}

}
