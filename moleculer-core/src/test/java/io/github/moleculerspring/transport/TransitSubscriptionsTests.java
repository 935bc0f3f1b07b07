package io.github.moleculerspring.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.protocol.Topics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subjects the transit listens on: this node's own protocol subjects, subscribed once and
 * again without duplicates, and in disable-balancer mode the balanced subjects of its INFO, new
 * ones subscribed before the dropped ones go.
 */
class TransitSubscriptionsTests {

	private final Topics topics = new Topics(null);

	private final RecordingTransporter transporter = new RecordingTransporter();

	private final TransitSubscriptions subscriptions = new TransitSubscriptions("self", this.topics,
			this.transporter);

	@Test
	void ownSubjectsAreTheTargetedAndBroadcastOnesOfThisNode() {
		assertThat(this.subscriptions.hasOwn()).isFalse();
		this.subscriptions.subscribeOwn();
		assertThat(this.subscriptions.hasOwn()).isTrue();
		assertThat(this.transporter.log).containsExactly("+MOL.EVENT.self", "+MOL.REQ.self", "+MOL.RES.self",
				"+MOL.DISCOVER", "+MOL.DISCOVER.self", "+MOL.INFO", "+MOL.INFO.self", "+MOL.DISCONNECT",
				"+MOL.HEARTBEAT", "+MOL.PING", "+MOL.PING.self", "+MOL.PONG.self");
	}

	@Test
	void subscribingAgainDropsTheEarlierSubscriptionsFirst() {
		this.subscriptions.subscribeOwn();
		this.transporter.log.clear();
		this.subscriptions.subscribeOwn();
		assertThat(this.transporter.log).hasSize(24);
		assertThat(this.transporter.log.subList(0, 12)).allMatch((entry) -> entry.startsWith("-"));
		assertThat(this.transporter.log.subList(12, 24)).allMatch((entry) -> entry.startsWith("+"));
		assertThat(this.transporter.active()).hasSize(12);
	}

	@Test
	void balancedSubjectsFollowTheInfoNewOnesBeforeDroppedOnes() {
		this.subscriptions.updateBalanced(info(
				Map.of("greeter.hello", "published", "greeter.secret", "protected", "greeter.own", "private"),
				"user.created"));
		assertThat(this.subscriptions.balancedSubjects()).containsExactlyInAnyOrder("MOL.REQB.greeter.hello",
				"MOL.EVENTB.greeter.user.created");
		assertThat(this.transporter.log).containsExactlyInAnyOrder("+MOL.REQB.greeter.hello greeter.hello",
				"+MOL.EVENTB.greeter.user.created greeter");
		this.transporter.log.clear();

		this.subscriptions.updateBalanced(info(Map.of("greeter.welcome", "published"), "user.created"));
		assertThat(this.subscriptions.balancedSubjects()).containsExactlyInAnyOrder("MOL.REQB.greeter.welcome",
				"MOL.EVENTB.greeter.user.created");
		assertThat(this.transporter.log).containsExactly("+MOL.REQB.greeter.welcome greeter.welcome",
				"-MOL.REQB.greeter.hello greeter.hello");
	}

	@Test
	void aTailWildcardEventBecomesTheNatsTailWildcard() {
		this.subscriptions.updateBalanced(info(Map.of(), "order.**"));
		assertThat(this.subscriptions.balancedSubjects()).containsExactly("MOL.EVENTB.greeter.order.>");
	}

	private static InfoPacket info(Map<String, String> actions, String event) {
		Map<String, ActionInfo> actionInfos = new LinkedHashMap<>();
		actions.forEach((name, visibility) -> actionInfos.put(name,
				new ActionInfo(name, Map.of("name", name, "visibility", visibility))));
		Map<String, EventInfo> events = Map.of(event, new EventInfo(event, null, Map.of("name", event)));
		ServiceInfo service = new ServiceInfo("greeter", null, "greeter", Map.of(), Map.of(), actionInfos, events);
		return new InfoPacket(List.of(service), null, null, null, null, "i", null, null, "5", "self");
	}

	/** Records subscribe ({@code +subject [queue]}) and unsubscribe ({@code -subject [queue]}) in order. */
	private static final class RecordingTransporter implements Transporter {

		final List<String> log = new ArrayList<>();

		private final List<String> active = new ArrayList<>();

		List<String> active() {
			return this.active;
		}

		@Override
		public String name() {
			return "Recording";
		}

		@Override
		public CompletableFuture<Void> connect(TransporterListener listener) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<Void> disconnect() {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public boolean isConnected() {
			return true;
		}

		@Override
		public Subscription subscribe(String subject, @Nullable String queueGroup) {
			String key = subject + ((queueGroup != null) ? " " + queueGroup : "");
			this.log.add("+" + key);
			this.active.add(key);
			return () -> {
				this.log.add("-" + key);
				this.active.remove(key);
			};
		}

		@Override
		public void publish(String subject, byte[] payload) {
		}

	}

}
