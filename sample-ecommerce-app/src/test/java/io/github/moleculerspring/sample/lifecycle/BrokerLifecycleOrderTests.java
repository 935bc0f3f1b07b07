package io.github.moleculerspring.sample.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.BrokerView;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.sample.ecommerce.EcommerceApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order of the broker's lifecycle and the real web server's (Tomcat, graceful shutdown, Spring
 * Boot's default), in the sample application: the broker has started before the server accepts
 * requests, and on shutdown it is still running while the server drains the requests in flight,
 * which still reach it; it stops only once the server no longer accepts connections.
 * <p>
 * The application is started and closed by the test itself (closing is what is tested). This
 * package is outside the application's component scan, so its beans join only this application.
 */
class BrokerLifecycleOrderTests {

	@Test
	void brokerStartsBeforeTheWebServerAcceptsAndStopsAfterItDrained() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EcommerceApplication.class, Beans.class)
			.properties("server.port=0", "moleculer.request-timeout=30000")
			.run();
		try {
			Recorder recorder = context.getBean(Recorder.class);
			HoldService hold = context.getBean(HoldService.class);
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(recorder.events).containsExactly("broker started", "web server started");
			int port = recorder.port;
			assertThat(broker.isStarted()).isTrue();

			// A request in flight, held inside a Moleculer action.
			CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> RestClient
				.create("http://localhost:" + port)
				.get()
				.uri("/test/hold")
				.retrieve()
				.body(String.class));
			hold.entered.get(30, TimeUnit.SECONDS);
			CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);

			// Graceful shutdown: the server stops accepting connections and waits for the request in
			// flight; the broker, in a later phase, is still running meanwhile.
			await().atMost(Duration.ofSeconds(30)).until(() -> !accepts(port));
			assertThat(broker.isStarted()).as("broker running while the web server drains").isTrue();
			assertThat(recorder.events).doesNotContain("broker stopped");
			hold.release.complete("done");
			assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("done");
			closed.get(60, TimeUnit.SECONDS);

			assertThat(recorder.events).containsExactly("broker started", "web server started", "broker stopped");
			assertThat(recorder.acceptedAtBrokerStop).as("web server accepting when the broker stopped").isFalse();
			assertThat(broker.isStarted()).isFalse();
		}
		finally {
			context.close();
		}
	}

	static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Records the broker's start and stop and the web server's start, in order. */
	static final class Recorder implements Middleware, ApplicationListener<ServletWebServerInitializedEvent> {

		final List<String> events = new CopyOnWriteArrayList<>();

		volatile int port = -1;

		volatile boolean acceptedAtBrokerStop;

		@Override
		public void started(BrokerView broker) {
			this.events.add("broker started");
		}

		@Override
		public void stopped(BrokerView broker) {
			this.acceptedAtBrokerStop = accepts(this.port);
			this.events.add("broker stopped");
		}

		@Override
		public void onApplicationEvent(ServletWebServerInitializedEvent event) {
			this.port = event.getWebServer().getPort();
			this.events.add("web server started");
		}

	}

	/** An action that holds its caller until the test releases it. */
	@MoleculerService("lifecycleHold")
	static class HoldService {

		final CompletableFuture<Void> entered = new CompletableFuture<>();

		final CompletableFuture<String> release = new CompletableFuture<>();

		@Action
		public CompletableFuture<String> hold() {
			this.entered.complete(null);
			return this.release;
		}

	}

	/** Calls the held action from a web request, as the shop's controllers call theirs. */
	@RestController
	static class HoldController {

		private final ServiceBroker broker;

		HoldController(ServiceBroker broker) {
			this.broker = broker;
		}

		@GetMapping("/test/hold")
		String hold() throws Exception {
			return this.broker.call("lifecycleHold.hold", null, String.class).get(30, TimeUnit.SECONDS);
		}

	}

	/** The test's beans (a plain class: no component scan finds it). */
	static class Beans {

		@Bean
		Recorder lifecycleRecorder() {
			return new Recorder();
		}

		@Bean
		HoldService lifecycleHoldService() {
			return new HoldService();
		}

		@Bean
		HoldController lifecycleHoldController(ServiceBroker broker) {
			return new HoldController(broker);
		}

	}

}
