package io.github.moleculerspring.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3: a cluster of three nats-servers on loopback (routes between them); every client is given
 * all three URLs and connects to the first (no randomization, so the killed server is the one everybody
 * uses). That server is killed with SIGKILL under load; clients fail over and, with retries, no call
 * is lost.
 */
class NatsClusterFailoverTests {

	private static final int IN_FLIGHT = 16;

	private static final Pattern NUM_ROUTES = Pattern.compile("\"num_routes\"\\s*:\\s*(\\d+)");

	@AutoClose
	private final Resources resources = new Resources();

	@Test
	void clientsFailOverToTheOtherServersWithoutLosingCalls() throws Exception {
		int[] clusterPorts = { NatsServer.freePort(), NatsServer.freePort(), NatsServer.freePort() };
		int[] monitorPorts = { NatsServer.freePort(), NatsServer.freePort(), NatsServer.freePort() };
		List<NatsServer> servers = new ArrayList<>();
		List<Path> pidFiles = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Path pidFile = Files.createTempFile("nats-cluster", ".pid");
			pidFile.toFile().deleteOnExit();
			pidFiles.add(pidFile);
			int self = i;
			String routes = java.util.stream.IntStream.range(0, 3).filter((j) -> j != self)
				.mapToObj((j) -> "nats://127.0.0.1:" + clusterPorts[j]).collect(Collectors.joining(","));
			servers.add(this.resources.track(NatsServer.launch(null, "--cluster_name", "reliability", "--cluster",
					"nats://127.0.0.1:" + clusterPorts[i], "--routes", routes, "-m", String.valueOf(monitorPorts[i]),
					"-P", pidFile.toString())));
		}
		// Routes connect asynchronously (and retry): wait until every server sees the two others.
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
			for (int port : monitorPorts) {
				String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/routez"))
					.build(), HttpResponse.BodyHandlers.ofString()).body();
				Matcher matcher = NUM_ROUTES.matcher(body);
				if (!matcher.find() || Integer.parseInt(matcher.group(1)) < 2) {
					return false;
				}
			}
			return true;
		});
		String urls = servers.stream().map(NatsServer::url).collect(Collectors.joining(","));
		List<BrokerProcess> replicas = BrokerProcess.launchAll(List.of("r1", "r2", "r3"), urls, "noRandomize=true");
		replicas.forEach(this.resources::track);
		NatsTransporterOptions nats = NatsTransporterOptions.builder()
			.servers(List.of(urls.split(",")))
			.reconnectWait(Duration.ofMillis(250))
			.customizer((options) -> options.noRandomize())
			.build();
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", nats, true).build()));
		Brokers.awaitEndpoints(caller, "echo.slow", List.of("r1", "r2", "r3"));

		Load load = new Load(caller, "echo.slow", () -> Map.of("ms", 20), CallOptions.DEFAULT, IN_FLIGHT);
		BrokerProcess.sleep(1500);
		long okBefore = load.succeeded();
		String pid = Files.readString(pidFiles.get(0)).trim();
		long killed = System.nanoTime();
		Process kill = new ProcessBuilder("kill", "-KILL", pid).inheritIO().start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).isZero();
		// Recovered: a call pinned to each replica succeeds again.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
			for (String node : List.of("r1", "r2", "r3")) {
				caller.call("echo.slow", Map.of("ms", 1),
						CallOptions.builder().nodeID(node).retries(0).timeout(Duration.ofSeconds(1)).build())
					.get(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			return true;
		});
		long recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
		long okAtRecovery = load.succeeded();
		BrokerProcess.sleep(2000);
		int hanging = load.stop(60);
		Figures.print("3-nats-cluster-failover", load.summary() + " okBefore=" + okBefore
				+ " allReplicasAnsweringAfterKillMs=" + recoveredMillis + " okAfterRecovery="
				+ (load.succeeded() - okAtRecovery) + " hanging=" + hanging + " okByNode=" + load.okByNode());
		assertThat(hanging).isZero();
		assertThat(load.failed()).as(load.summary()).isZero();
		assertThat(load.succeeded() - okAtRecovery).isPositive();
		assertThat(caller.isConnected()).isTrue();
	}


}
