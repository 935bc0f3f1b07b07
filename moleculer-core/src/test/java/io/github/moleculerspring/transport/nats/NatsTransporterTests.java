package io.github.moleculerspring.transport.nats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.test.SelfSignedCertificate;
import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.transport.Transporter;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.NKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The NATS transporter against a real {@code nats-server}. */
class NatsTransporterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static NatsServer shared;

	private final List<NatsTransporter> transporters = new ArrayList<>();

	private final List<NatsServer> servers = new ArrayList<>();

	@BeforeAll
	static void startSharedServer() {
		shared = NatsServer.launch();
	}

	@AfterAll
	static void stopSharedServer() {
		shared.close();
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (NatsTransporter transporter : this.transporters) {
			transporter.disconnect().get(30, TimeUnit.SECONDS);
		}
		this.servers.forEach(NatsServer::close);
	}

	@Test
	void deliversPayloadsUnchangedOnTheSubscribedSubjects() throws Exception {
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.of(shared.url()), listener);
		assertThat(listener.connects).containsExactly(false);
		assertThat(transporter.isConnected()).isTrue();
		String subject = "MOL-" + unique() + ".INFO";
		transporter.subscribe(subject + ".>", null);
		transporter.flush().get(30, TimeUnit.SECONDS);
		byte[] payload = "{\"ver\":\"5\",\"sender\":\"ü\"}".getBytes(StandardCharsets.UTF_8);
		byte[] empty = new byte[0];
		transporter.publish(subject + ".node-1", payload);
		transporter.publish(subject + ".node-2", empty);
		transporter.publish(subject, payload);
		await().atMost(TIMEOUT).until(() -> listener.messages.size() == 2);
		assertThat(listener.messages.get(0).subject()).isEqualTo(subject + ".node-1");
		assertThat(listener.messages.get(0).payload()).isEqualTo(payload);
		assertThat(listener.messages.get(1).subject()).isEqualTo(subject + ".node-2");
		assertThat(listener.messages.get(1).payload()).isEmpty();
		assertThat(listener.count(subject)).isZero();
	}

	@Test
	void queueGroupMembersShareMessagesWhileAPlainSubscriberGetsAll() throws Exception {
		String subject = "MOL.REQB." + unique() + ".work";
		RecordingListener first = new RecordingListener();
		RecordingListener second = new RecordingListener();
		RecordingListener plain = new RecordingListener();
		NatsTransporter one = connect(NatsTransporterOptions.of(shared.url()), first);
		NatsTransporter two = connect(NatsTransporterOptions.of(shared.url()), second);
		NatsTransporter three = connect(NatsTransporterOptions.of(shared.url()), plain);
		NatsTransporter publisher = connect(NatsTransporterOptions.of(shared.url()), new RecordingListener());
		one.subscribe(subject, "workers");
		two.subscribe(subject, "workers");
		three.subscribe(subject, null);
		for (Transporter transporter : List.of(one, two, three)) {
			transporter.flush().get(30, TimeUnit.SECONDS);
		}
		int count = 200;
		for (int i = 0; i < count; i++) {
			publisher.publish(subject, ("m" + i).getBytes(StandardCharsets.UTF_8));
		}
		publisher.flush().get(30, TimeUnit.SECONDS);
		await().atMost(TIMEOUT).until(() -> plain.count(subject) == count
				&& first.count(subject) + second.count(subject) == count);
		// Each message went to exactly one member of the group, and both members got some.
		await().during(Duration.ofMillis(300)).atMost(TIMEOUT)
			.until(() -> first.count(subject) + second.count(subject) == count);
		assertThat(first.count(subject)).isPositive();
		assertThat(second.count(subject)).isPositive();
		List<String> delivered = new ArrayList<>();
		first.messages.forEach((message) -> delivered.add(message.text()));
		second.messages.forEach((message) -> delivered.add(message.text()));
		assertThat(delivered).doesNotHaveDuplicates().hasSize(count);
	}

	@Test
	void unsubscribeStopsDelivery() throws Exception {
		String subject = "MOL." + unique() + ".EVENT.n1";
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.of(shared.url()), listener);
		Transporter.Subscription subscription = transporter.subscribe(subject, null);
		transporter.flush().get(30, TimeUnit.SECONDS);
		transporter.publish(subject, new byte[] { 1 });
		await().atMost(TIMEOUT).until(() -> listener.count(subject) == 1);
		subscription.unsubscribe();
		subscription.unsubscribe();
		String marker = subject + ".marker";
		transporter.subscribe(marker, null);
		transporter.flush().get(30, TimeUnit.SECONDS);
		transporter.publish(subject, new byte[] { 2 });
		transporter.publish(marker, new byte[] { 3 });
		// Messages of one connection arrive in order: once the marker is in, the other was not delivered.
		await().atMost(TIMEOUT).until(() -> listener.count(marker) == 1);
		assertThat(listener.count(subject)).isEqualTo(1);
	}

	@Test
	void listenersSetByACustomizerAreCalledBesidesTheTransportersOwn() throws Exception {
		List<ConnectionListener.Events> events = new CopyOnWriteArrayList<>();
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.builder()
			.url(shared.url())
			.customizer((builder) -> builder.connectionListener(new ConnectionListener() {

				@Override
				@Deprecated
				public void connectionEvent(Connection conn, Events type) {
					events.add(type);
				}

			}).connectionName("customized"))
			.build(), listener);
		await().atMost(TIMEOUT).until(() -> events.contains(ConnectionListener.Events.CONNECTED));
		assertThat(listener.connects).containsExactly(false);
		assertThat(transporter.connection().getOptions().getConnectionName()).isEqualTo("customized");
	}

	@Test
	void aFullOutgoingQueueFailsThePublishWithATypedErrorInsteadOfHoldingTheThread() throws Exception {
		NatsServer server = own(NatsServer.launch());
		NatsTransporter transporter = connect(NatsTransporterOptions.builder()
			.servers(List.of(server.url()))
			.maxOutgoingMessages(2)
			.outgoingQueueFullWait(Duration.ofMillis(50))
			.build(), new RecordingListener());
		server.pause(true);
		try {
			byte[] chunk = new byte[512 * 1024];
			MoleculerError failure = null;
			// The socket buffers fill first (a few MB on loopback), then the two-message queue.
			for (int i = 0; i < 2000 && failure == null; i++) {
				try {
					transporter.publish("stalled", chunk);
				}
				catch (MoleculerError ex) {
					failure = ex;
				}
			}
			assertThat(failure).isNotNull();
			assertThat(failure.getCode()).isEqualTo(503);
			assertThat(failure.getType()).isEqualTo("NATS_PUBLISH_FAILED");
			assertThat(failure.isRetryable()).isTrue();
			assertThat(failure.getData()).isEqualTo(Map.of("subject", "stalled"));
		}
		finally {
			server.pause(false);
		}
	}

	@Test
	void publishAboveTheServerMaxPayloadFailsWith413() throws Exception {
		NatsServer server = own(NatsServer.launch("max_payload: 4096\n"));
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.of(server.url()), listener);
		assertThat(transporter.maxPayloadBytes()).isEqualTo(4096);
		transporter.subscribe("big", null);
		assertThatThrownBy(() -> transporter.publish("big", new byte[4097])).isInstanceOfSatisfying(MoleculerError.class,
				(error) -> {
					assertThat(error.getCode()).isEqualTo(413);
					assertThat(error.getType()).isEqualTo("PAYLOAD_TOO_LARGE");
					assertThat(error.getMessage()).contains("4097").contains("4096");
				});
		byte[] largest = new byte[4096];
		largest[4095] = 42;
		transporter.publish("big", largest);
		await().atMost(TIMEOUT).until(() -> listener.count("big") == 1);
		assertThat(listener.messages.get(0).payload()).isEqualTo(largest);
		assertThat(transporter.isConnected()).isTrue();
	}

	@Test
	void reconnectsAfterTheServerRestartsWithoutDuplicatingSubscriptions() throws Exception {
		NatsServer server = own(NatsServer.prepare());
		server.start();
		NatsTransporterOptions options = NatsTransporterOptions.builder()
			.url(server.url())
			.reconnectWait(Duration.ofMillis(250))
			.build();
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(options, listener);
		NatsTransporter publisher = connect(options, new RecordingListener());
		transporter.subscribe("MOL.HEARTBEAT", null);
		transporter.subscribe("MOL.REQB.math.add", "math.add");
		transporter.flush().get(30, TimeUnit.SECONDS);

		server.stop();
		await().atMost(TIMEOUT).until(() -> listener.disconnects.get() == 1 && !transporter.isConnected());
		assertThatThrownBy(() -> transporter.publish("MOL.HEARTBEAT", new byte[1]))
			.isInstanceOf(BrokerDisconnectedError.class);
		assertThatThrownBy(() -> transporter.flush().get(30, TimeUnit.SECONDS))
			.hasCauseInstanceOf(BrokerDisconnectedError.class);

		server.start();
		await().atMost(TIMEOUT).until(() -> transporter.isConnected() && publisher.isConnected());
		assertThat(listener.connects).containsExactly(false, true);
		assertThat(listener.disconnects).hasValue(1);
		publisher.publish("MOL.HEARTBEAT", "after".getBytes(StandardCharsets.UTF_8));
		publisher.publish("MOL.REQB.math.add", "balanced".getBytes(StandardCharsets.UTF_8));
		publisher.flush().get(30, TimeUnit.SECONDS);
		await().atMost(TIMEOUT)
			.until(() -> listener.count("MOL.HEARTBEAT") == 1 && listener.count("MOL.REQB.math.add") == 1);
		await().during(Duration.ofMillis(300)).atMost(TIMEOUT)
			.until(() -> listener.messages.size() == 2);
	}

	@Test
	void disconnectWhileReconnectingClosesTheConnection() throws Exception {
		NatsServer server = own(NatsServer.prepare());
		server.start();
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.builder()
			.url(server.url())
			.reconnectWait(Duration.ofMillis(100))
			.build(), listener);
		server.stop();
		await().atMost(TIMEOUT).until(() -> listener.disconnects.get() == 1);
		transporter.disconnect().get(30, TimeUnit.SECONDS);
		assertThat(transporter.connection().getStatus()).isEqualTo(Connection.Status.CLOSED);
		server.start();
		await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
			.until(() -> listener.connects.size() == 1 && !transporter.isConnected());
	}

	@Test
	void connectCompletesWhenTheServerComesUpLater() throws Exception {
		NatsServer server = own(NatsServer.prepare());
		NatsTransporter transporter = track(new NatsTransporter(NatsTransporterOptions.builder()
			.url(server.url())
			.reconnectWait(Duration.ofMillis(200))
			.build()));
		RecordingListener listener = new RecordingListener();
		CompletableFuture<Void> connected = transporter.connect(listener);
		// A few attempts fail meanwhile; the future waits for the server.
		await().pollDelay(Duration.ofMillis(800)).atMost(TIMEOUT).until(() -> !connected.isDone());
		assertThat(transporter.isConnected()).isFalse();
		assertThatThrownBy(() -> transporter.publish("x", new byte[1])).isInstanceOf(BrokerDisconnectedError.class);
		server.start();
		connected.get(30, TimeUnit.SECONDS);
		assertThat(transporter.isConnected()).isTrue();
		assertThat(listener.connects).containsExactly(false);
	}

	@Test
	void connectGivesUpAfterMaxReconnectsWhenNoServerIsReachable() throws Exception {
		int port = NatsServer.freePort();
		NatsTransporter transporter = track(new NatsTransporter(NatsTransporterOptions.builder()
			.url("nats://127.0.0.1:" + port)
			.reconnectWait(Duration.ofMillis(100))
			.maxReconnects(2)
			.build()));
		CompletableFuture<Void> connected = transporter.connect(new RecordingListener());
		assertThatThrownBy(() -> connected.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(MoleculerError.class, (error) -> {
				assertThat(error.getCode()).isEqualTo(503);
				assertThat(error.getType()).isEqualTo("NATS_UNREACHABLE");
				assertThat(error.getMessage()).contains("3 attempt(s)").contains(String.valueOf(port));
			});
	}

	@Test
	void disconnectWhileWaitingForTheServerStopsConnecting() throws Exception {
		NatsServer server = own(NatsServer.prepare());
		NatsTransporter transporter = new NatsTransporter(NatsTransporterOptions.builder()
			.url(server.url())
			.reconnectWait(Duration.ofMillis(100))
			.build());
		RecordingListener listener = new RecordingListener();
		CompletableFuture<Void> connected = transporter.connect(listener);
		transporter.disconnect().get(30, TimeUnit.SECONDS);
		assertThatThrownBy(() -> connected.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(BrokerDisconnectedError.class);
		server.start();
		await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
			.until(() -> listener.connects.isEmpty() && !transporter.isConnected());
	}

	@Test
	void disconnectIsIdempotentAndPublishingAfterItFails() throws Exception {
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.of(shared.url()), listener);
		transporter.disconnect().get(30, TimeUnit.SECONDS);
		transporter.disconnect().get(30, TimeUnit.SECONDS);
		assertThat(transporter.isConnected()).isFalse();
		assertThat(transporter.connection().getStatus()).isEqualTo(Connection.Status.CLOSED);
		assertThatThrownBy(() -> transporter.publish("x", new byte[1])).isInstanceOf(BrokerDisconnectedError.class);
		assertThatThrownBy(() -> transporter.subscribe("x", null)).isInstanceOf(BrokerDisconnectedError.class);
		assertThat(listener.disconnects).as("a requested close is not a connection loss").hasValue(0);
		assertThatThrownBy(() -> transporter.connect(listener).get(30, TimeUnit.SECONDS))
			.hasCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void userAndPasswordAuthenticate() throws Exception {
		NatsServer server = own(NatsServer.launch(null, "--user", "alice", "--pass", "s3cret"));
		NatsTransporter explicit = connect(NatsTransporterOptions.builder()
			.url(server.url())
			.username("alice")
			.password("s3cret")
			.build(), new RecordingListener());
		assertThat(explicit.isConnected()).isTrue();
		String url = "nats://alice:s3cret@127.0.0.1:" + server.port();
		RecordingListener listener = new RecordingListener();
		NatsTransporter fromUrl = connect(NatsTransporterOptions.of(url), listener);
		fromUrl.subscribe("auth.check", null);
		fromUrl.flush().get(30, TimeUnit.SECONDS);
		explicit.publish("auth.check", new byte[] { 7 });
		await().atMost(TIMEOUT).until(() -> listener.count("auth.check") == 1);
	}

	@Test
	void aWrongPasswordFailsAtOnceWithAClearError() throws Exception {
		NatsServer server = own(NatsServer.launch(null, "--user", "alice", "--pass", "s3cret"));
		NatsTransporter transporter = track(new NatsTransporter(NatsTransporterOptions
			.of("nats://alice:WrongPassword@127.0.0.1:" + server.port())));
		CompletableFuture<Void> connected = transporter.connect(new RecordingListener());
		assertThatThrownBy(() -> connected.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(MoleculerError.class, (error) -> {
				assertThat(error.getCode()).isEqualTo(401);
				assertThat(error.getType()).isEqualTo("NATS_AUTHENTICATION_FAILED");
				assertThat(error.getMessage()).contains("alice").contains("Authorization Violation")
					.doesNotContain("WrongPassword");
			});
		assertThat(transporter.isConnected()).isFalse();
	}

	@Test
	void tokenAuthenticatesAndAMissingTokenIsRejected() throws Exception {
		NatsServer server = own(NatsServer.launch(null, "--auth", "T0ken-123"));
		NatsTransporter withToken = connect(NatsTransporterOptions.builder()
			.url(server.url())
			.token("T0ken-123")
			.build(), new RecordingListener());
		assertThat(withToken.isConnected()).isTrue();
		NatsTransporter withUrlToken = connect(NatsTransporterOptions.of("nats://T0ken-123@127.0.0.1:" + server.port()),
				new RecordingListener());
		assertThat(withUrlToken.isConnected()).isTrue();
		NatsTransporter without = track(new NatsTransporter(NatsTransporterOptions.of(server.url())));
		assertThatThrownBy(() -> without.connect(new RecordingListener()).get(30, TimeUnit.SECONDS))
			.cause()
			.isInstanceOfSatisfying(MoleculerError.class, (error) -> assertThat(error.getCode()).isEqualTo(401));
	}

	@Test
	void credentialsFileAuthenticatesWithItsNKey() throws Exception {
		NKey user = NKey.createUser(new SecureRandom());
		NatsServer server = own(NatsServer.launch("authorization { users: [ { nkey: \""
				+ new String(user.getPublicKey()) + "\" } ] }\n"));
		Path creds = writeCreds(user);
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.builder()
			.url(server.url())
			.credentials(creds)
			.build(), listener);
		transporter.subscribe("creds.check", null);
		transporter.flush().get(30, TimeUnit.SECONDS);
		transporter.publish("creds.check", new byte[] { 1 });
		await().atMost(TIMEOUT).until(() -> listener.count("creds.check") == 1);

		NatsTransporter stranger = track(new NatsTransporter(NatsTransporterOptions.builder()
			.url(server.url())
			.credentials(writeCreds(NKey.createUser(new SecureRandom())))
			.build()));
		assertThatThrownBy(() -> stranger.connect(new RecordingListener()).get(30, TimeUnit.SECONDS))
			.cause()
			.isInstanceOfSatisfying(MoleculerError.class, (error) -> {
				assertThat(error.getCode()).isEqualTo(401);
				assertThat(error.getMessage()).contains(".creds");
			});
	}

	/**
	 * A {@code .creds} file in the layout {@code nsc} writes. The server here authenticates NKeys
	 * without an operator, so it checks the seed's signature and ignores the JWT block.
	 */
	private static Path writeCreds(NKey user) throws Exception {
		Path file = Files.createTempFile("user", ".creds");
		file.toFile().deleteOnExit();
		Files.writeString(file, "-----BEGIN NATS USER JWT-----\n"
				+ "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln\n"
				+ "------END NATS USER JWT------\n\n"
				+ "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n"
				+ "------END USER NKEY SEED------\n");
		return file;
	}

	@Test
	void tlsWithASelfSignedCertificate() throws Exception {
		Path directory = Files.createTempDirectory("nats-tls");
		directory.toFile().deleteOnExit();
		SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
		NatsServer tls = own(NatsServer.launch(null, "--tls", "--tlscert", certificate.certificateFile().toString(),
				"--tlskey", certificate.keyFile().toString()));
		RecordingListener listener = new RecordingListener();
		NatsTransporter transporter = connect(NatsTransporterOptions.builder()
			.url(tls.url())
			.sslContext(certificate.trustingContext())
			.build(), listener);
		assertThat(transporter.isConnected()).isTrue();
		transporter.subscribe("secure", null);
		transporter.flush().get(30, TimeUnit.SECONDS);
		transporter.publish("secure", "hello".getBytes(StandardCharsets.UTF_8));
		await().atMost(TIMEOUT).until(() -> listener.count("secure") == 1);

		// Without trusting the certificate the handshake fails; with no retries the connect fails.
		NatsTransporter untrusting = track(new NatsTransporter(NatsTransporterOptions.builder()
			.url(tls.url())
			.sslContext(SSLContext.getDefault())
			.maxReconnects(0)
			.build()));
		assertThatThrownBy(() -> untrusting.connect(new RecordingListener()).get(30, TimeUnit.SECONDS))
			.cause()
			.isInstanceOf(MoleculerError.class);
		assertThat(untrusting.isConnected()).isFalse();
	}

	private NatsTransporter connect(NatsTransporterOptions options, RecordingListener listener) throws Exception {
		NatsTransporter transporter = track(new NatsTransporter(options));
		transporter.connect(listener).get(30, TimeUnit.SECONDS);
		return transporter;
	}

	private NatsTransporter track(NatsTransporter transporter) {
		this.transporters.add(transporter);
		return transporter;
	}

	private NatsServer own(NatsServer server) {
		this.servers.add(server);
		return server;
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
