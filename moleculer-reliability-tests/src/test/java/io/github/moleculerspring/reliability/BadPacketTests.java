package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import io.github.moleculerspring.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 8: {@code reliability.badPackets} (1,000,000 by default, 5,000,000 with {@code -Psoak})
 * generated malformed and hostile packets ({@link HostilePackets}) are published with a raw jnats
 * connection on every subject of a live node while a caller keeps calling it. The node never
 * crashes, its heap stays bounded, and every call succeeds, all through the flood. The publisher
 * waits for a PING round trip to the node every 10,000 packets, so the test measures survival rather
 * than NATS slow-consumer limits.
 */
class BadPacketTests {

	private static final int PACE = 10_000;

	@AutoClose
	private final Resources resources = new Resources();

	@Test
	void aLiveNodeSurvivesAMillionHostilePacketsAndKeepsAnswering() throws Exception {
		long count = Long.getLong("reliability.badPackets", 1_000_000);
		NatsServer server = this.resources.track(NatsServer.launch());
		AtomicLong hiddenCalls = new AtomicLong();
		ServiceBroker victim = new ServiceBroker(Brokers.options("victim", Brokers.nats(server.url()), false).build());
		victim.createService(ServiceDefinition.builder("echo")
			.action("echo", (ctx) -> ctx.params())
			.action(ActionDefinition.builder("hidden").visibility(Visibility.PRIVATE).handler((ctx) -> {
				hiddenCalls.incrementAndGet();
				return "secret";
			}).build())
			.build());
		this.resources.track(victim);
		victim.start().get(60, TimeUnit.SECONDS);
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), false)
			.build()));
		Brokers.awaitEndpoints(caller, "echo.echo", List.of("victim"));
		Connection attacker = Nats.connect(new Options.Builder().server(server.url()).connectionName("attacker")
			.maxMessagesInOutgoingQueue(1_000_000).build());
		this.resources.track(attacker::close);
		caller.call("echo.echo", Map.of("warm", 1)).get(10, TimeUnit.SECONDS);
		long heapBefore = Figures.heapAfterGcMib();
		Gadget.INSTANCES.set(0);

		Load load = new Load(caller, "echo.echo", () -> Map.of("n", 1), CallOptions.DEFAULT, 4);
		HostilePackets packets = new HostilePackets(20261123L);
		Map<String, Long> kinds = new TreeMap<>();
		long bytes = 0;
		long begin = System.nanoTime();
		long okAtLastWindow = 0;
		long lastWindow = System.nanoTime();
		int stalledWindows = 0;
		for (long i = 0; i < count; i++) {
			HostilePackets.Packet packet = packets.next();
			attacker.publish(packet.subject(), packet.payload());
			bytes += packet.payload().length;
			kinds.merge(packet.kind(), 1L, Long::sum);
			if (i % PACE == PACE - 1) {
				caller.ping("victim", Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
				if (System.nanoTime() - lastWindow > TimeUnit.SECONDS.toNanos(2)) {
					// Calls keep succeeding during the flood: some succeeded in every 2 s window.
					long ok = load.succeeded();
					if (ok == okAtLastWindow) {
						stalledWindows++;
					}
					okAtLastWindow = ok;
					lastWindow = System.nanoTime();
				}
			}
		}
		caller.ping("victim", Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
		long floodMillis = (System.nanoTime() - begin) / 1_000_000;
		BrokerProcess.sleep(500);
		int hanging = load.stop(30);
		long heapAfter = Figures.heapAfterGcMib();
		Object echoed = caller.call("echo.echo", Map.of("after", true)).get(10, TimeUnit.SECONDS);
		Figures.print("8-bad-packets", "packets=" + count + " bytes=" + bytes + " publishedInMs=" + floodMillis
				+ " victimInvalid=" + victim.transit().invalidPackets() + " victimDropped="
				+ victim.transit().droppedPackets() + " victimReceived=" + victim.transit().packetsReceived()
				+ " calls: " + load.summary() + " hanging=" + hanging + " stalled2sWindows=" + stalledWindows
				+ " heapAfterGcMiB before=" + heapBefore + " after=" + heapAfter + " knownNodes="
				+ victim.registry().nodes().size() + " gadgets=" + Gadget.INSTANCES.get() + " privateCalls="
				+ hiddenCalls.get() + " kinds=" + kinds);

		assertThat(victim.isStarted()).isTrue();
		assertThat(victim.isConnected()).isTrue();
		assertThat(caller.isConnected()).isTrue();
		assertThat(hanging).isZero();
		assertThat(load.failed()).as(load.summary()).isZero();
		assertThat(load.succeeded()).isPositive();
		assertThat(stalledWindows).isZero();
		assertThat(echoed).isNotNull();
		assertThat(victim.transit().invalidPackets()).isGreaterThan(count / 10);
		assertThat(heapAfter - heapBefore).as("heap growth (MiB)").isLessThan(64);
		// Spoofed senders are a bounded set (50 intruders, plus "text" where a wrong-type packet replaced the
		// sender with a string), so the registry is too; fake nodes expire by heartbeat timeout.
		assertThat(victim.registry().nodes().size()).isLessThanOrEqualTo(2 + 50 + 1);
		assertThat(Gadget.INSTANCES.get()).isZero();
		assertThat(hiddenCalls.get()).isZero();
		assertThat(caller.transit().pendingCount()).isZero();
	}


}
