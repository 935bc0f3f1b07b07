package io.github.moleculerspring.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.transport.ProtocolSelector.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision rules of {@link ProtocolSelector}: fixed versions, and {@code auto} preferring 4. */
class ProtocolSelectorTests {

	private static final ProtocolVersion V4 = ProtocolVersion.V4;

	private static final ProtocolVersion V5 = ProtocolVersion.V5;

	private static Decision packet(ProtocolSelector selector, PacketType type, ProtocolVersion version, String sender) {
		return selector.onPacket(type, version, version.value(), sender, "self");
	}

	@Test
	void fixedVersionAcceptsOnlyItself() {
		ProtocolSelector v4 = new ProtocolSelector(V4);
		assertThat(v4.isAuto()).isFalse();
		assertThat(packet(v4, PacketType.INFO, V4, "peer")).isEqualTo(Decision.ACCEPT);
		assertThat(packet(v4, PacketType.INFO, V5, "peer")).isEqualTo(Decision.REJECT);
		assertThat(packet(v4, PacketType.DISCOVER, V5, "peer")).isEqualTo(Decision.REJECT);
		ProtocolSelector v5 = new ProtocolSelector(V5);
		assertThat(packet(v5, PacketType.HEARTBEAT, V4, "peer")).isEqualTo(Decision.REJECT);
		assertThat(packet(v5, PacketType.DISCOVER, V4, "peer")).isEqualTo(Decision.REJECT);
		assertThat(v5.current()).isEqualTo(V5);
		assertThat(v4.current()).isEqualTo(V4);
	}

	@Test
	void unknownVersionIsRejectedByEveryMode() {
		for (ProtocolSelector selector : List.of(new ProtocolSelector(null), new ProtocolSelector(V4),
				new ProtocolSelector(V5))) {
			assertThat(selector.onPacket(PacketType.INFO, null, "6", "peer", "self")).isEqualTo(Decision.REJECT);
			assertThat(selector.onPacket(PacketType.DISCOVER, null, "3", "peer", "self")).isEqualTo(Decision.REJECT);
		}
		assertThat(new ProtocolSelector(null).current()).isEqualTo(V5);
	}

	@Test
	void autoStartsOnFiveAndVersionFivePeersNeverLockIt() {
		ProtocolSelector auto = new ProtocolSelector(null);
		assertThat(auto.isAuto()).isTrue();
		assertThat(auto.current()).isEqualTo(V5);
		for (PacketType type : PacketType.values()) {
			assertThat(packet(auto, type, V5, "auto-peer")).isEqualTo(Decision.ACCEPT);
		}
		// Another auto Java node heard first on 5 does not keep this node from joining a 0.14 node later.
		assertThat(packet(auto, PacketType.HEARTBEAT, V4, "js-014")).isEqualTo(Decision.SWITCHED);
		assertThat(auto.current()).isEqualTo(V4);
		assertThat(auto.switchedBy()).isEqualTo("js-014");
	}

	@Test
	void autoSwitchesToFourOnceOnAnyPacketTypeAndStaysThere() {
		for (PacketType type : PacketType.values()) {
			ProtocolSelector auto = new ProtocolSelector(null);
			assertThat(packet(auto, type, V4, "old")).as(type.name()).isEqualTo(Decision.SWITCHED);
			assertThat(packet(auto, type, V4, "old")).isEqualTo(Decision.ACCEPT);
			assertThat(packet(auto, PacketType.INFO, V4, "other")).isEqualTo(Decision.ACCEPT);
			assertThat(auto.current()).isEqualTo(V4);
			assertThat(auto.switchedBy()).isEqualTo("old");
		}
	}

	@Test
	void afterSwitchingAutoAnswersVersionFiveDiscoverAndDropsEverythingElseOfFive() {
		ProtocolSelector auto = new ProtocolSelector(null);
		packet(auto, PacketType.INFO, V4, "old");
		assertThat(packet(auto, PacketType.DISCOVER, V5, "newcomer")).isEqualTo(Decision.ANSWER);
		for (PacketType type : PacketType.values()) {
			if (type != PacketType.DISCOVER) {
				assertThat(packet(auto, type, V5, "newcomer")).as(type.name()).isEqualTo(Decision.REJECT);
			}
		}
		assertThat(auto.current()).isEqualTo(V4);
	}

	@Test
	void ownEchoesOfTheOtherVersionNeitherSwitchNorAreAccepted() {
		ProtocolSelector auto = new ProtocolSelector(null);
		assertThat(packet(auto, PacketType.INFO, V5, "self")).isEqualTo(Decision.ACCEPT);
		packet(auto, PacketType.INFO, V4, "old");
		// This node's own version 5 INFO, published before the switch, comes back from the bus afterwards.
		assertThat(packet(auto, PacketType.INFO, V5, "self")).isEqualTo(Decision.REJECT);
		assertThat(packet(auto, PacketType.DISCOVER, V5, "self")).isEqualTo(Decision.REJECT);
		ProtocolSelector fresh = new ProtocolSelector(null);
		assertThat(fresh.onPacket(PacketType.INFO, V4, "4", "self", "self")).isEqualTo(Decision.REJECT);
		assertThat(fresh.current()).isEqualTo(V5);
	}

	@Test
	void concurrentVersionFourPacketsSwitchExactlyOnce() throws Exception {
		ProtocolSelector auto = new ProtocolSelector(null);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Decision>> decisions = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String sender = "old-" + i;
				decisions.add(executor.submit(() -> {
					start.await();
					return packet(auto, PacketType.HEARTBEAT, V4, sender);
				}));
			}
			start.countDown();
			List<Decision> results = new ArrayList<>();
			for (Future<Decision> decision : decisions) {
				results.add(decision.get(10, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn((d) -> d == Decision.SWITCHED).hasSize(1);
			assertThat(results).filteredOn((d) -> d == Decision.ACCEPT).hasSize(threads - 1);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
