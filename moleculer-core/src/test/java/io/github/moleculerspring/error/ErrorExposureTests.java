package io.github.moleculerspring.error;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What of a failed call crosses the wire: two brokers on a real {@code nats-server}, the callee's
 * handler throwing a plain {@link IllegalStateException}, and a raw NATS subscriber reading the
 * RESPONSE packet the caller receives.
 */
class ErrorExposureTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static NatsServer nats;

	private final List<ServiceBroker> brokers = new ArrayList<>();

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final Logger brokerLogger = (Logger) LoggerFactory.getLogger(ServiceBroker.class);

	private Connection raw;

	@BeforeAll
	static void startServer() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopServer() {
		nats.close();
	}

	@BeforeEach
	void captureLog() throws Exception {
		this.logged.start();
		this.brokerLogger.addAppender(this.logged);
		this.raw = Nats.connect(nats.url());
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.brokers.forEach(ServiceBroker::close);
		this.brokerLogger.detachAppender(this.logged);
		this.raw.close();
	}

	@Test
	void byDefaultAJavaExceptionCrossesTheWireWithoutStackFramesOrClassName() throws Exception {
		String namespace = unique();
		LinkedBlockingQueue<String> responses = watchResponses(namespace, "caller");
		ServiceBroker caller = start(broker("caller", namespace, (options) -> {
		}));
		start(broker("callee", namespace, (options) -> {
		}));
		awaitAction(caller);

		MoleculerError error = failure(caller);

		assertThat(error).isInstanceOf(MoleculerServerError.class);
		assertThat(error.getMessage()).isEqualTo("disk full at /var/data");
		assertThat(error.getCode()).isEqualTo(500);
		assertThat(error.getType()).isEqualTo("UNHANDLED_EXCEPTION");
		assertThat(error.isRetryable()).isFalse();
		assertThat(error.getNodeID()).isEqualTo("callee");
		assertThat(error.getData()).isNull();
		assertThat(error.getRemoteStack()).isEqualTo("MoleculerServerError: disk full at /var/data");

		String json = responses.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(json).isNotNull().doesNotContain("IllegalStateException", "java.", "ErrorExposureTests", "\tat ",
				"    at ", "Caused by");
		@SuppressWarnings("unchecked")
		Map<String, Object> wireError = (Map<String, Object>) MAPPER.readValue(json, Map.class).get("error");
		// Every field a Moleculer.js caller reads is still there.
		assertThat(wireError).containsEntry("name", "MoleculerServerError")
			.containsEntry("message", "disk full at /var/data")
			.containsEntry("nodeID", "callee")
			.containsEntry("code", 500)
			.containsEntry("type", "UNHANDLED_EXCEPTION")
			.containsEntry("retryable", false)
			.containsEntry("stack", "MoleculerServerError: disk full at /var/data")
			.doesNotContainKey("data");

		assertLoggedOnceWithTheFullStack();
	}

	@Test
	void stackTracesAndClassNamesAreSentWhenTheCalleeTurnsThemOn() throws Exception {
		String namespace = unique();
		LinkedBlockingQueue<String> responses = watchResponses(namespace, "caller");
		ServiceBroker caller = start(broker("caller", namespace, (options) -> {
		}));
		start(broker("callee", namespace, (options) -> options.errorStackTraces(true).errorExceptionNames(true)));
		awaitAction(caller);

		MoleculerError error = failure(caller);

		assertThat(error).isInstanceOf(MoleculerServerError.class);
		assertThat(error.getMessage()).isEqualTo("disk full at /var/data");
		assertThat(error.getData()).isEqualTo(Map.of("exception", "java.lang.IllegalStateException"));
		assertThat(error.getRemoteStack()).startsWith("MoleculerServerError: disk full at /var/data")
			.contains("Caused by: java.lang.IllegalStateException: disk full at /var/data")
			.contains("at " + ErrorExposureTests.class.getName() + ".writeReport(ErrorExposureTests.java:");
		String json = responses.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(json).contains("java.lang.IllegalStateException", "ErrorExposureTests.writeReport");

		assertLoggedOnceWithTheFullStack();
	}

	@Test
	void eachSwitchWorksAlone() throws Exception {
		String namespace = unique();
		ServiceBroker caller = start(broker("caller", namespace, (options) -> {
		}));
		start(broker("callee", namespace, (options) -> options.errorExceptionNames(true)));
		awaitAction(caller);
		MoleculerError named = failure(caller);
		assertThat(named.getData()).isEqualTo(Map.of("exception", "java.lang.IllegalStateException"));
		assertThat(named.getRemoteStack()).isEqualTo("MoleculerServerError: disk full at /var/data");

		String other = unique();
		ServiceBroker caller2 = start(broker("caller", other, (options) -> {
		}));
		start(broker("callee", other, (options) -> options.errorStackTraces(true)));
		awaitAction(caller2);
		MoleculerError traced = failure(caller2);
		assertThat(traced.getData()).isNull();
		assertThat(traced.getRemoteStack()).contains(ErrorExposureTests.class.getName() + ".writeReport");
	}

	private void assertLoggedOnceWithTheFullStack() {
		List<ILoggingEvent> failures = this.logged.list.stream()
			.filter((event) -> event.getThrowableProxy() != null
					&& "java.lang.IllegalStateException".equals(event.getThrowableProxy().getClassName()))
			.toList();
		assertThat(failures).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("reports.write");
			Throwable thrown = ((ThrowableProxy) event.getThrowableProxy()).getThrowable();
			assertThat(thrown).hasMessage("disk full at /var/data");
			assertThat(thrown.getStackTrace()).anySatisfy((frame) -> {
				assertThat(frame.getClassName()).isEqualTo(ErrorExposureTests.class.getName());
				assertThat(frame.getMethodName()).isEqualTo("writeReport");
			});
		});
	}

	private static MoleculerError failure(ServiceBroker caller) {
		ExecutionException ex = assertThrows(ExecutionException.class, () -> caller
			.call("reports.write", Map.of("id", 7), CallOptions.builder().timeout(TIMEOUT).build())
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(MoleculerError.class);
		return (MoleculerError) ex.getCause();
	}

	private static Object writeReport(int id) {
		throw new IllegalStateException("disk full at /var/data");
	}

	private LinkedBlockingQueue<String> watchResponses(String namespace, String nodeID) throws Exception {
		LinkedBlockingQueue<String> responses = new LinkedBlockingQueue<>();
		Dispatcher dispatcher = this.raw.createDispatcher((message) -> {
			String json = new String(message.getData(), StandardCharsets.UTF_8);
			if (json.contains("\"success\":false")) {
				responses.add(json);
			}
		});
		dispatcher.subscribe("MOL-" + namespace + ".RES." + nodeID);
		this.raw.flush(TIMEOUT);
		return responses;
	}

	private ServiceBroker broker(String nodeID, String namespace, Consumer<BrokerOptions.Builder> customizer) {
		BrokerOptions.Builder builder = BrokerOptions.builder()
			.nodeID(nodeID)
			.namespace(namespace)
			.transporter(new NatsTransporter(NatsTransporterOptions.of(nats.url())));
		customizer.accept(builder);
		ServiceBroker broker = new ServiceBroker(builder.build());
		if (nodeID.equals("callee")) {
			broker.createService(ServiceDefinition.builder("reports")
				.action("write", (ctx) -> writeReport(ctx.param("id", Integer.class)))
				.build());
		}
		this.brokers.add(broker);
		return broker;
	}

	private static ServiceBroker start(ServiceBroker broker) throws Exception {
		broker.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		return broker;
	}

	private static void awaitAction(ServiceBroker caller) {
		await().atMost(TIMEOUT).until(() -> caller.registry().getActionEndpoint("reports.write", "callee") != null);
	}

	private static String unique() {
		return "e" + UUID.randomUUID().toString().substring(0, 8);
	}

}
