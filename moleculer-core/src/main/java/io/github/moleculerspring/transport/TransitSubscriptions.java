package io.github.moleculerspring.transport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.protocol.Topics;
import org.jspecify.annotations.Nullable;

/**
 * The subjects the {@link Transit} listens on: this node's own protocol subjects (its targeted
 * and the broadcast ones), and in disable-balancer mode the balanced {@code REQB}/{@code EVENTB}
 * subjects of what its INFO announces. What arrives on them goes to the transporter's listener,
 * except on the busy own subjects ({@code REQ}, {@code RES}, {@code EVENT} of this node), which the
 * node's {@link ReceivePollers} read where the transporter can pull.
 */
final class TransitSubscriptions {

	private final String nodeID;

	private final Topics topics;

	private final Transporter transporter;

	private final List<Transporter.Subscription> own = new ArrayList<>();

	private final Map<String, Transporter.Subscription> balanced = new LinkedHashMap<>();

	private @Nullable ReceivePollers pollers;

	TransitSubscriptions(String nodeID, Topics topics, Transporter transporter) {
		this.nodeID = nodeID;
		this.topics = topics;
		this.transporter = transporter;
	}

	/**
	 * Reads this node's own request, response and event subjects with these pollers (where the
	 * transporter can pull) instead of the transporter's delivery.
	 * @param pollers the pollers, or {@code null} for the transporter's delivery
	 */
	synchronized void usePollers(@Nullable ReceivePollers pollers) {
		this.pollers = pollers;
	}

	/** Whether this node's own subjects are subscribed (they survive a reconnection in the transporter). */
	synchronized boolean hasOwn() {
		return !this.own.isEmpty();
	}

	/** Subscribes this node's own subjects, dropping any earlier subscriptions of them first. */
	synchronized void subscribeOwn() {
		for (Transporter.Subscription subscription : this.own) {
			subscription.unsubscribe();
		}
		this.own.clear();
		String self = this.nodeID;
		this.own.add(subscribeBusy(PacketType.EVENT));
		this.own.add(subscribeBusy(PacketType.REQUEST));
		this.own.add(subscribeBusy(PacketType.RESPONSE));
		this.own.add(this.transporter.subscribe(this.topics.broadcast(PacketType.DISCOVER), null));
		this.own.add(this.transporter.subscribe(this.topics.targeted(PacketType.DISCOVER, self), null));
		this.own.add(this.transporter.subscribe(this.topics.broadcast(PacketType.INFO), null));
		this.own.add(this.transporter.subscribe(this.topics.targeted(PacketType.INFO, self), null));
		this.own.add(this.transporter.subscribe(this.topics.broadcast(PacketType.DISCONNECT), null));
		this.own.add(this.transporter.subscribe(this.topics.broadcast(PacketType.HEARTBEAT), null));
		this.own.add(this.transporter.subscribe(this.topics.broadcast(PacketType.PING), null));
		this.own.add(this.transporter.subscribe(this.topics.targeted(PacketType.PING, self), null));
		this.own.add(this.transporter.subscribe(this.topics.targeted(PacketType.PONG, self), null));
	}

	/** One of the busy own subjects: pulled by a poller where it can be, else subscribed. */
	private Transporter.Subscription subscribeBusy(PacketType type) {
		String subject = this.topics.targeted(type, this.nodeID);
		ReceivePollers current = this.pollers;
		if (current != null) {
			Transporter.PullSubscription pulled = this.transporter.pull(subject, null);
			if (pulled != null) {
				current.start(pulled, type);
				return pulled;
			}
		}
		return this.transporter.subscribe(subject, null);
	}

	/**
	 * Subscribes {@code REQB.<action>} (queue: the action) for every remotely callable action and
	 * {@code EVENTB.<group>.<event>} (queue: the group) for every event subscription in the INFO,
	 * and drops the subscriptions no longer announced. New subscriptions are made before old ones
	 * are dropped, so a queue group never loses this node in between.
	 * @param info this node's INFO
	 */
	synchronized void updateBalanced(InfoPacket info) {
		Map<String, String[]> wanted = new LinkedHashMap<>();
		for (ServiceInfo service : info.services()) {
			for (ActionInfo action : service.actions().values()) {
				String visibility = action.visibility();
				if (!"protected".equals(visibility) && !"private".equals(visibility)) {
					String subject = this.topics.balancedRequest(action.name());
					wanted.put(subject + " " + action.name(), new String[] { subject, action.name() });
				}
			}
			for (EventInfo event : service.events().values()) {
				String group = (event.group() != null) ? event.group() : service.name();
				String subject = this.topics.balancedEvent(group, event.name());
				wanted.put(subject + " " + group, new String[] { subject, group });
			}
		}
		for (Map.Entry<String, String[]> entry : wanted.entrySet()) {
			if (!this.balanced.containsKey(entry.getKey())) {
				this.balanced.put(entry.getKey(), this.transporter.subscribe(entry.getValue()[0], entry.getValue()[1]));
			}
		}
		for (Iterator<Map.Entry<String, Transporter.Subscription>> it = this.balanced.entrySet().iterator(); it
			.hasNext();) {
			Map.Entry<String, Transporter.Subscription> entry = it.next();
			if (!wanted.containsKey(entry.getKey())) {
				entry.getValue().unsubscribe();
				it.remove();
			}
		}
	}

	/** The balanced subjects subscribed now. */
	synchronized List<String> balancedSubjects() {
		List<String> result = new ArrayList<>();
		for (String key : this.balanced.keySet()) {
			result.add(key.substring(0, key.indexOf(' ')));
		}
		return result;
	}

}
