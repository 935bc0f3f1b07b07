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

/**
 * The decision rules of {@link ProtocolSelector}: fixed versions accept only themselves; {@code auto}
 * stays undecided among undecided {@code auto} peers and locks on to the first decided node's INFO.
 */
class ProtocolSelectorTests {

	private static final ProtocolVersion V4 = ProtocolVersion.V4;

	private static final ProtocolVersion V5 = ProtocolVersion.V5;

	/** A packet from a node that is not an undecided auto node (Moleculer.js, pinned, or locked). */
	private static Decision decided(ProtocolSelector selector, PacketType type, ProtocolVersion version, String sender) {
		return selector.onPacket(type, version, version.value(), sender, "self", false);
	}

	/** An INFO from an undecided auto node (its INFO carries the marker). */
	private static Decision undecidedInfo(ProtocolSelector selector, ProtocolVersion version, String sender) {
		return selector.onPacket(PacketType.INFO, version, version.value(), sender, "self", true);
	}

	@Test
	void fixedVersionAcceptsOnlyItself() {
		ProtocolSelector v4 = new ProtocolSelector(V4);
		assertThat(v4.isAuto()).isFalse();
		assertThat(v4.isLocked()).isTrue();
		assertThat(decided(v4, PacketType.INFO, V4, "peer")).isEqualTo(Decision.ACCEPT);
		assertThat(decided(v4, PacketType.INFO, V5, "peer")).isEqualTo(Decision.REJECT);
		assertThat(decided(v4, PacketType.DISCOVER, V5, "peer")).isEqualTo(Decision.REJECT);
		assertThat(undecidedInfo(v4, V5, "auto")).isEqualTo(Decision.REJECT);
		ProtocolSelector v5 = new ProtocolSelector(V5);
		assertThat(decided(v5, PacketType.HEARTBEAT, V4, "peer")).isEqualTo(Decision.REJECT);
		assertThat(decided(v5, PacketType.DISCOVER, V4, "peer")).isEqualTo(Decision.REJECT);
		assertThat(v5.current()).isEqualTo(V5);
		assertThat(v4.current()).isEqualTo(V4);
	}

	@Test
	void unknownVersionIsRejectedByEveryMode() {
		for (ProtocolSelector selector : List.of(new ProtocolSelector(null), new ProtocolSelector(V4),
				new ProtocolSelector(V5))) {
			assertThat(selector.onPacket(PacketType.INFO, null, "6", "peer", "self", false)).isEqualTo(Decision.REJECT);
			assertThat(selector.onPacket(PacketType.DISCOVER, null, "3", "peer", "self", false))
				.isEqualTo(Decision.REJECT);
		}
		ProtocolSelector auto = new ProtocolSelector(null);
		auto.onPacket(PacketType.INFO, null, "6", "peer", "self", false);
		assertThat(auto.current()).isEqualTo(V5);
		assertThat(auto.isLocked()).isFalse();
	}

	@Test
	void undecidedAutoPeersNeverLockEachOther() {
		ProtocolSelector auto = new ProtocolSelector(null);
		assertThat(auto.isAuto()).isTrue();
		assertThat(auto.current()).isEqualTo(V5);
		assertThat(undecidedInfo(auto, V5, "auto-peer")).isEqualTo(Decision.ACCEPT);
		for (PacketType type : PacketType.values()) {
			if (type != PacketType.INFO) {
				assertThat(decided(auto, type, V5, "auto-peer")).as(type.name()).isEqualTo(Decision.ACCEPT);
			}
		}
		assertThat(auto.isLocked()).isFalse();
		// So a Moleculer 0.14 node heard afterwards still decides.
		assertThat(decided(auto, PacketType.INFO, V4, "js-014")).isEqualTo(Decision.SWITCHED);
		assertThat(auto.current()).isEqualTo(V4);
		assertThat(auto.isLocked()).isTrue();
		assertThat(auto.lockedBy()).isEqualTo("js-014");
	}

	@Test
	void aDecidedInfoOfItsOwnVersionLocksAutoThere() {
		ProtocolSelector auto = new ProtocolSelector(null);
		assertThat(decided(auto, PacketType.INFO, V5, "js-015")).isEqualTo(Decision.ACCEPT);
		assertThat(auto.isLocked()).isTrue();
		assertThat(auto.lockedBy()).isEqualTo("js-015");
		// A stray node pinned to 4 does not pull it away from the cluster it joined.
		assertThat(decided(auto, PacketType.INFO, V4, "pinned-4")).isEqualTo(Decision.REJECT);
		assertThat(decided(auto, PacketType.HEARTBEAT, V4, "pinned-4")).isEqualTo(Decision.REJECT);
		assertThat(auto.current()).isEqualTo(V5);
	}

	@Test
	void undecidedAutoProbesTheSenderOfAnyOtherPacketOfTheOtherVersion() {
		ProtocolSelector auto = new ProtocolSelector(null);
		for (PacketType type : PacketType.values()) {
			if (type != PacketType.INFO) {
				assertThat(decided(auto, type, V4, "js-014")).as(type.name()).isEqualTo(Decision.PROBE);
			}
		}
		assertThat(undecidedInfo(auto, V4, "odd")).isEqualTo(Decision.PROBE);
		assertThat(auto.current()).isEqualTo(V5);
		assertThat(auto.isLocked()).isFalse();
		// The answer to the probe: the sender's INFO.
		assertThat(decided(auto, PacketType.INFO, V4, "js-014")).isEqualTo(Decision.SWITCHED);
		assertThat(decided(auto, PacketType.HEARTBEAT, V4, "js-014")).isEqualTo(Decision.ACCEPT);
	}

	@Test
	void lockedAutoAnswersADiscoverOfTheOtherVersionAndDropsEverythingElseOfIt() {
		ProtocolSelector auto = new ProtocolSelector(null);
		decided(auto, PacketType.INFO, V4, "old");
		assertThat(decided(auto, PacketType.DISCOVER, V5, "newcomer")).isEqualTo(Decision.ANSWER);
		assertThat(undecidedInfo(auto, V5, "newcomer")).isEqualTo(Decision.REJECT);
		for (PacketType type : PacketType.values()) {
			if (type != PacketType.DISCOVER) {
				assertThat(decided(auto, type, V5, "newcomer")).as(type.name()).isEqualTo(Decision.REJECT);
			}
		}
		assertThat(auto.current()).isEqualTo(V4);
	}

	@Test
	void ownEchoesOfTheOtherVersionNeitherSwitchNorAreAccepted() {
		ProtocolSelector auto = new ProtocolSelector(null);
		assertThat(auto.onPacket(PacketType.INFO, V5, "5", "self", "self", true)).isEqualTo(Decision.ACCEPT);
		decided(auto, PacketType.INFO, V4, "old");
		// This node's own version 5 INFO, published before the switch, comes back from the bus afterwards.
		assertThat(auto.onPacket(PacketType.INFO, V5, "5", "self", "self", true)).isEqualTo(Decision.REJECT);
		ProtocolSelector fresh = new ProtocolSelector(null);
		assertThat(fresh.onPacket(PacketType.INFO, V4, "4", "self", "self", false)).isEqualTo(Decision.REJECT);
		assertThat(fresh.current()).isEqualTo(V5);
		assertThat(fresh.isLocked()).isFalse();
	}

	@Test
	void concurrentDecidedInfosOfBothVersionsLockExactlyOnce() throws Exception {
		for (int round = 0; round < 50; round++) {
			ProtocolSelector auto = new ProtocolSelector(null);
			int threads = 8;
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Decision>> decisions = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					ProtocolVersion version = (i % 2 == 0) ? V4 : V5;
					String sender = "node-" + i;
					decisions.add(executor.submit(() -> {
						start.await();
						return decided(auto, PacketType.INFO, version, sender);
					}));
				}
				start.countDown();
				List<Decision> results = new ArrayList<>();
				for (Future<Decision> decision : decisions) {
					results.add(decision.get(10, TimeUnit.SECONDS));
				}
				assertThat(auto.isLocked()).isTrue();
				assertThat(results).filteredOn((d) -> d == Decision.SWITCHED).hasSizeLessThanOrEqualTo(1);
				// Every packet of the version it locked on was accepted, every other one rejected.
				for (int i = 0; i < threads; i++) {
					ProtocolVersion version = (i % 2 == 0) ? V4 : V5;
					Decision expected = (version == auto.current()) ? Decision.ACCEPT : Decision.REJECT;
					if (results.get(i) != Decision.SWITCHED) {
						assertThat(results.get(i)).as("node-" + i).isEqualTo(expected);
					}
					else {
						assertThat(version).isEqualTo(auto.current());
					}
				}
			}
			finally {
				executor.shutdownNow();
			}
		}
	}

}
