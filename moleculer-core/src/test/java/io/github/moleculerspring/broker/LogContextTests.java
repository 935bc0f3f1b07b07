package io.github.moleculerspring.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.github.moleculerspring.logging.ContextMdcAdapter;
import io.github.moleculerspring.logging.CurrentContext;
import io.github.moleculerspring.logging.MdcOverlay;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A line logged by a handler carries {@code requestID}, {@code nodeID} and {@code action} or
 * {@code event} through Logback ({@code %X{...}} and {@code getMDCPropertyMap()}), for a local call,
 * a remote call over the in-JVM transporter and an event; a nested local call restores the outer
 * values, and nothing is left behind after the call.
 */
class LogContextTests {

	private static final String PATTERN = "%X{requestID}|%X{nodeID}|%X{action}|%X{event}|%X{user}|%msg";

	private final TestCluster cluster = new TestCluster("logcontext-" + System.nanoTime());

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Logger handlerLogger = (Logger) LoggerFactory.getLogger("logcontext.handler");

	private AppenderBase<ILoggingEvent> appender;

	@BeforeEach
	void capture() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		PatternLayout layout = new PatternLayout();
		layout.setContext(context);
		layout.setPattern(PATTERN);
		layout.start();
		this.appender = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				event.prepareForDeferredProcessing();
				LogContextTests.this.events.add(event);
				LogContextTests.this.lines.add(layout.doLayout(event));
			}
		};
		this.appender.setContext(context);
		this.appender.start();
		this.handlerLogger.setLevel(Level.INFO);
		this.handlerLogger.setAdditive(false);
		this.handlerLogger.addAppender(this.appender);
	}

	@AfterEach
	void stop() {
		this.handlerLogger.detachAppender(this.appender);
		this.cluster.close();
	}

	private ServiceDefinition logging() {
		return ServiceDefinition.builder("logging")
			.action(ActionDefinition.builder("inner").handler((ctx) -> {
				this.handlerLogger.info("inner");
				return "inner";
			}).build())
			.action(ActionDefinition.builder("outer").handler((ctx) -> {
				this.handlerLogger.info("outer-before " + ctx.requestID());
				Object inner = ctx.call("logging.inner", null).join();
				this.handlerLogger.info("outer-after " + inner);
				return "outer";
			}).build())
			.event(EventDefinition.builder("order.created").handler((ctx) -> {
				this.handlerLogger.info("event");
				return null;
			}).build())
			.build();
	}

	private String line(String message) {
		return this.lines.stream().filter((l) -> l.endsWith("|" + message)).findFirst().orElseThrow();
	}

	@Test
	void overlayIsInstalledWithLogback() {
		assertThat(MdcOverlay.active()).isTrue();
		assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter())
			.isInstanceOf(ContextMdcAdapter.class);
	}

	@Test
	void localCallLogLinesCarryTheContextAndNestedCallsRestoreTheOuterValues() throws Exception {
		ServiceBroker broker = this.cluster.broker("log-local", logging());
		broker.start().get(10, TimeUnit.SECONDS);
		MDC.put("user", "alice");
		try {
			assertThat(broker.call("logging.outer", null).get(10, TimeUnit.SECONDS)).isEqualTo("outer");
		}
		finally {
			MDC.remove("user");
		}
		String before = line("outer-before " + requestIdOf("outer-before"));
		String requestID = before.split("\\|")[0];
		assertThat(requestID).isNotEmpty();
		assertThat(before).isEqualTo(requestID + "|log-local|logging.outer||alice|outer-before " + requestID);
		// The nested call has the same request ID and its own action; the outer's comes back after it.
		assertThat(line("inner")).isEqualTo(requestID + "|log-local|logging.inner||alice|inner");
		assertThat(line("outer-after inner")).isEqualTo(requestID + "|log-local|logging.outer||alice|outer-after inner");
		ILoggingEvent inner = this.events.stream().filter((e) -> e.getFormattedMessage().equals("inner")).findFirst().orElseThrow();
		assertThat(inner.getMDCPropertyMap()).containsEntry("requestID", requestID)
			.containsEntry("nodeID", "log-local")
			.containsEntry("action", "logging.inner")
			.containsEntry("user", "alice")
			.doesNotContainKey("event");
		// Nothing is left on the calling thread.
		assertThat(CurrentContext.get()).isNull();
		assertThat(MDC.get("requestID")).isNull();
		assertThat(MDC.getCopyOfContextMap()).doesNotContainKeys("requestID", "nodeID", "action");
	}

	private String requestIdOf(String prefix) {
		return this.lines.stream()
			.filter((l) -> l.contains("|" + prefix + " "))
			.map((l) -> l.substring(l.lastIndexOf(' ') + 1))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void remoteCallLogLinesCarryTheContextOfTheNodeThatRunsTheHandler() throws Exception {
		ServiceBroker caller = this.cluster.broker("log-caller");
		this.cluster.broker("log-worker", logging());
		this.cluster.startAll();
		assertThat(caller.call("logging.inner", null).get(10, TimeUnit.SECONDS)).isEqualTo("inner");
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.lines.stream().anyMatch((l) -> l.endsWith("|inner")));
		String[] fields = line("inner").split("\\|");
		assertThat(fields[0]).isNotEmpty();
		assertThat(fields[1]).isEqualTo("log-worker");
		assertThat(fields[2]).isEqualTo("logging.inner");
		assertThat(fields[3]).isEmpty();
	}

	@Test
	void eventHandlerLogLinesCarryTheEventName() throws Exception {
		ServiceBroker emitter = this.cluster.broker("log-emitter");
		this.cluster.broker("log-listener", logging());
		this.cluster.startAll();
		emitter.emit("order.created", Map.of("id", 1)).get(10, TimeUnit.SECONDS);
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.lines.stream().anyMatch((l) -> l.endsWith("|event")));
		String[] fields = line("event").split("\\|");
		assertThat(fields[0]).isNotEmpty();
		assertThat(fields[1]).isEqualTo("log-listener");
		assertThat(fields[2]).isEmpty();
		assertThat(fields[3]).isEqualTo("order.created");
		ILoggingEvent event = this.events.stream().filter((e) -> e.getFormattedMessage().equals("event")).findFirst().orElseThrow();
		assertThat(event.getMDCPropertyMap()).containsEntry("event", "order.created").doesNotContainKey("action");
	}

}
