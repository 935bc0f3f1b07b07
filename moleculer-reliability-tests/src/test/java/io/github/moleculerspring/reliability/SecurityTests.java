package io.github.moleculerspring.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.test.SelfSignedCertificate;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenario 10: brokers over TLS with user/password and with a token, configured as an application
 * would (credentials in the URL, or explicit options); secrets never in the logs (captured at DEBUG);
 * private and protected actions never run for a remote request; type hints in packets never make
 * Jackson instantiate a class.
 */
class SecurityTests {

	private static final String PASSWORD = "pa55-Wr0d-7f3c";

	private static final String TOKEN = "t0k3n-9e1d-4b2a";

	@AutoClose
	private final Resources resources = new Resources();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final List<Logger> debugged = new ArrayList<>();

	@BeforeEach
	void captureLogs() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.logs.setContext(context);
		this.logs.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.logs);
		for (String name : List.of("io.github.moleculerspring", "io.nats")) {
			Logger logger = context.getLogger(name);
			logger.setLevel(Level.DEBUG);
			this.debugged.add(logger);
		}
	}

	@AfterEach
	void cleanUp() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this.logs);
		this.debugged.forEach((logger) -> logger.setLevel(null));
		context.getLogger("io.github.moleculerspring").setLevel(Level.WARN);
	}

	@Test
	void tlsWithUserAndPasswordAsAnApplicationConfiguresItAndNoSecretInTheLogs() throws Exception {
		Path directory = Files.createTempDirectory("nats-tls");
		directory.toFile().deleteOnExit();
		SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
		NatsServer server = this.resources.track(NatsServer.launch(null, "--tls", "--tlscert",
				certificate.certificateFile().toString(), "--tlskey", certificate.keyFile().toString(),
				"--user", "alice", "--pass", PASSWORD));
		// As in application.yml: transporter: nats://alice:<password>@host:port (plus an SSL bundle).
		ServiceBroker fromUrl = this.resources.track(broker("a", NatsTransporterOptions.builder()
			.url("nats://alice:" + PASSWORD + "@127.0.0.1:" + server.port())
			.sslContext(certificate.trustingContext())
			.build()));
		// As in application.yml: transporter: tls://host:port, nats.username / nats.password.
		ServiceBroker explicit = new ServiceBroker(BrokerOptions.builder()
			.nodeID("b")
			.transporter(new NatsTransporter(NatsTransporterOptions.builder()
				.url("tls://127.0.0.1:" + server.port())
				.username("alice")
				.password(PASSWORD)
				.sslContext(certificate.trustingContext())
				.build()))
			.build());
		explicit.createService(ServiceDefinition.builder("secure").action("hello", (ctx) -> "hello over TLS").build());
		this.resources.track(explicit);
		fromUrl.start().get(60, TimeUnit.SECONDS);
		explicit.start().get(60, TimeUnit.SECONDS);
		Brokers.awaitEndpoints(fromUrl, "secure.hello", List.of("b"));
		assertThat(fromUrl.call("secure.hello", null).get(10, TimeUnit.SECONDS)).isEqualTo("hello over TLS");

		// A wrong password: a clear 401 at start, without the password in the error.
		ServiceBroker wrong = this.resources.track(new ServiceBroker(BrokerOptions.builder()
			.nodeID("c")
			.transporter(new NatsTransporter(NatsTransporterOptions.builder()
				.url("nats://alice:" + PASSWORD + "-wrong@127.0.0.1:" + server.port())
				.sslContext(certificate.trustingContext())
				.maxReconnects(0)
				.build()))
			.build()));
		assertThatThrownBy(() -> wrong.start().get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(MoleculerError.class, (error) -> {
				assertThat(error.getCode()).isEqualTo(401);
				assertThat(error.toString()).doesNotContain(PASSWORD);
			});
		fromUrl.close();
		explicit.close();
		assertNoSecretLogged(PASSWORD, fromUrl.toString(), explicit.toString(), fromUrl.options().toString());
	}

	@Test
	void tokenInTheUrlAuthenticatesAndIsNeverLogged() throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch(null, "--auth", TOKEN));
		ServiceBroker caller = this.resources.track(
				broker("a", NatsTransporterOptions.of("nats://" + TOKEN + "@127.0.0.1:" + server.port())));
		ServiceBroker callee = this.resources.track(broker("b",
				NatsTransporterOptions.builder().url(server.url()).token(TOKEN).build(),
				ServiceDefinition.builder("t").action("ping", (ctx) -> "pong").build()));
		caller.start().get(60, TimeUnit.SECONDS);
		callee.start().get(60, TimeUnit.SECONDS);
		Brokers.awaitEndpoints(caller, "t.ping", List.of("b"));
		assertThat(caller.call("t.ping", null).get(10, TimeUnit.SECONDS)).isEqualTo("pong");
		caller.close();
		callee.close();
		assertNoSecretLogged(TOKEN, caller.toString(), callee.options().toString());
	}

	@Test
	void privateAndProtectedActionsAreNeverCalledFromARemoteNode() throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		AtomicLong calls = new AtomicLong();
		ServiceBroker victim = this.resources.track(broker("victim", NatsTransporterOptions.of(server.url()),
				ServiceDefinition.builder("vault")
					.action("open", (ctx) -> "public")
					.action(ActionDefinition.builder("hidden").visibility(Visibility.PRIVATE).handler((ctx) -> {
						calls.incrementAndGet();
						return "private!";
					}).build())
					.action(ActionDefinition.builder("internal").visibility(Visibility.PROTECTED).handler((ctx) -> {
						calls.incrementAndGet();
						return "protected!";
					}).build())
					.build()));
		victim.start().get(60, TimeUnit.SECONDS);
		ServiceBroker peer = this.resources.track(broker("peer", NatsTransporterOptions.of(server.url())));
		peer.start().get(60, TimeUnit.SECONDS);
		Brokers.awaitEndpoints(peer, "vault.open", List.of("victim"));
		for (String action : List.of("vault.hidden", "vault.internal")) {
			assertThatThrownBy(() -> peer.call(action, null).get(10, TimeUnit.SECONDS)).cause()
				.isInstanceOfSatisfying(MoleculerError.class, (error) -> assertThat(error.getCode()).isEqualTo(404));
		}
		// A raw REQ naming them, as a hostile node would send it: an error RESPONSE, not a call.
		try (Connection raw = Nats.connect(server.url())) {
			Subscription responses = raw.subscribe("MOL.RES.attacker");
			raw.flush(Duration.ofSeconds(5));
			for (String action : List.of("vault.hidden", "vault.internal", "vault.open")) {
				raw.publish("MOL.REQ.victim", ("{\"id\":\"r-" + action + "\",\"action\":\"" + action + "\",\"params\":{},"
						+ "\"meta\":{},\"timeout\":0,\"level\":1,\"ver\":\"5\",\"sender\":\"attacker\"}")
					.getBytes(StandardCharsets.UTF_8));
				Message response = responses.nextMessage(Duration.ofSeconds(10));
				assertThat(response).as(action).isNotNull();
				String body = new String(response.getData(), StandardCharsets.UTF_8);
				if (action.equals("vault.open")) {
					assertThat(body).contains("\"success\":true").contains("public");
				}
				else {
					assertThat(body).contains("\"success\":false").contains("ServiceNotFoundError")
						.doesNotContain("private!").doesNotContain("protected!");
				}
			}
		}
		assertThat(calls.get()).isZero();
		// Locally they are callable (protected from this node's services), so the test could fail.
		assertThat(victim.call("vault.internal", null).get(10, TimeUnit.SECONDS)).isEqualTo("protected!");
		assertThat(calls.get()).isOne();
	}

	@Test
	void typeHintsInPacketsNeverInstantiateClasses() throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		ServiceBroker victim = this.resources.track(broker("victim", NatsTransporterOptions.of(server.url()),
				ServiceDefinition.builder("inspect").action("types", (ctx) -> Map.of(
						"params", ctx.params().getClass().getName(),
						"asObject", ctx.params(Object.class).getClass().getName(),
						"x", String.valueOf(ctx.param("x", Object.class) == null ? null
								: ctx.param("x", Object.class).getClass().getName()),
						"meta", ctx.meta().getOrDefault("m", "none").getClass().getName())).build()));
		victim.start().get(60, TimeUnit.SECONDS);
		Gadget.INSTANCES.set(0);
		String gadget = Gadget.class.getName();
		try (Connection raw = Nats.connect(server.url())) {
			Subscription responses = raw.subscribe("MOL.RES.attacker");
			raw.flush(Duration.ofSeconds(5));
			String objectNode = "tools.jackson.databind.node.ObjectNode";
			String arrayNode = "tools.jackson.databind.node.ArrayNode";
			String map = "java.util.LinkedHashMap";
			String list = "java.util.ArrayList";
			// Each hostile payload with the exact types the handler reports: plain JSON nodes, maps and
			// lists, never the Gadget (nor anything else a type hint names).
			Map<String, Map<String, String>> hostile = new LinkedHashMap<>();
			hostile.put("{\"@class\":\"" + gadget + "\",\"x\":{\"@class\":\"" + gadget + "\"}}",
					Map.of("params", objectNode, "asObject", objectNode, "x", map, "meta", map));
			hostile.put("[\"" + gadget + "\",{\"x\":1}]",
					Map.of("params", arrayNode, "asObject", arrayNode, "x", "null", "meta", map));
			hostile.put("{\"x\":[\"" + gadget + "\",{\"x\":1}],\"@type\":\"" + gadget + "\"}",
					Map.of("params", objectNode, "asObject", objectNode, "x", list, "meta", map));
			hostile.put("{\"x\":{\"@c\":\"." + Gadget.class.getSimpleName() + "\",\"x\":1}}",
					Map.of("params", objectNode, "asObject", objectNode, "x", map, "meta", map));
			JsonMapper json = JsonMapper.builder().build();
			for (Map.Entry<String, Map<String, String>> entry : hostile.entrySet()) {
				String params = entry.getKey();
				raw.publish("MOL.REQ.victim", ("{\"id\":\"t\",\"action\":\"inspect.types\",\"params\":" + params
						+ ",\"meta\":{\"m\":{\"@class\":\"" + gadget + "\"}},\"timeout\":0,\"level\":1,\"ver\":\"5\","
						+ "\"sender\":\"attacker\"}").getBytes(StandardCharsets.UTF_8));
				Message response = responses.nextMessage(Duration.ofSeconds(10));
				assertThat(response).as(params).isNotNull();
				String body = new String(response.getData(), StandardCharsets.UTF_8);
				Map<?, ?> packet = json.readValue(body, Map.class);
				assertThat(body).doesNotContain("Gadget\",\"");
				assertThat(packet.get("success")).as(body).isEqualTo(true);
				assertThat(packet.get("data")).as(params + " -> " + body).isEqualTo(entry.getValue());
			}
		}
		assertThat(Gadget.INSTANCES.get()).as("Gadget instances").isZero();
	}

	private void assertNoSecretLogged(String secret, String... more) {
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : this.logs.list) {
			lines.add(event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? ThrowableProxyUtil.asString(event.getThrowableProxy()) : ""));
			if (event.getMDCPropertyMap() != null) {
				lines.add(event.getMDCPropertyMap().toString());
			}
		}
		lines.addAll(List.of(more));
		Figures.print("10-secrets-in-logs", "captured " + this.logs.list.size() + " log events (DEBUG) + "
				+ more.length + " toString()s; containing the secret: "
				+ lines.stream().filter((line) -> line.contains(secret)).count());
		assertThat(this.logs.list).hasSizeGreaterThan(10);
		assertThat(lines).noneMatch((line) -> line.contains(secret));
	}

	private ServiceBroker broker(String nodeID, NatsTransporterOptions nats, ServiceDefinition... services) {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID(nodeID)
			.transporter(new NatsTransporter(nats))
			.requestTimeout(Duration.ofSeconds(10))
			.build());
		for (ServiceDefinition service : services) {
			broker.createService(service);
		}
		return broker;
	}


}
