package io.github.moleculerspring.transport.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * An in-JVM message bus with NATS subject semantics: tokens separated by {@code .}, {@code *}
 * matches one token, a trailing {@code >} matches the rest, and subscribers in the same queue
 * group share the messages (each goes to one of them). Brokers on the same bus see each other as
 * they would over NATS.
 */
public final class LocalBus {

	private static final Map<String, LocalBus> NAMED = new ConcurrentHashMap<>();

	private final String name;

	private final List<LocalSubscription> subscriptions = new CopyOnWriteArrayList<>();

	/**
	 * Creates a private bus (for tests that must not see other brokers).
	 * @param name a name for logs
	 */
	public LocalBus(String name) {
		this.name = name;
	}

	/**
	 * Returns the JVM-wide bus of a name, creating it on first use.
	 * @param name the bus name
	 * @return the bus
	 */
	public static LocalBus named(String name) {
		return NAMED.computeIfAbsent(name, LocalBus::new);
	}

	public String name() {
		return this.name;
	}

	LocalSubscription subscribe(LocalTransporter connection, String subject, @Nullable String queueGroup) {
		LocalSubscription subscription = new LocalSubscription(this, connection, subject, queueGroup);
		this.subscriptions.add(subscription);
		return subscription;
	}

	void remove(LocalSubscription subscription) {
		this.subscriptions.remove(subscription);
	}

	void removeAll(LocalTransporter connection) {
		this.subscriptions.removeIf((subscription) -> subscription.connection == connection);
	}

	/**
	 * Delivers a message to every matching plain subscription and to one member of each matching
	 * queue group.
	 * @param subject the subject
	 * @param payload the payload
	 */
	void publish(String subject, byte[] payload) {
		Map<String, List<LocalSubscription>> groups = null;
		for (LocalSubscription subscription : this.subscriptions) {
			if (!matches(subscription.subject, subject)) {
				continue;
			}
			if (subscription.queueGroup == null) {
				subscription.connection.deliver(subject, payload);
			}
			else {
				if (groups == null) {
					groups = new HashMap<>();
				}
				groups.computeIfAbsent(subscription.queueGroup, (k) -> new ArrayList<>()).add(subscription);
			}
		}
		if (groups != null) {
			for (List<LocalSubscription> members : groups.values()) {
				members.get(ThreadLocalRandom.current().nextInt(members.size())).connection.deliver(subject, payload);
			}
		}
	}

	/** Whether any subscription matches a subject. */
	boolean hasSubscribers(String subject) {
		for (LocalSubscription subscription : this.subscriptions) {
			if (matches(subscription.subject, subject)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * NATS subject matching.
	 * @param pattern a subscription subject, possibly with {@code *} and a trailing {@code >}
	 * @param subject a concrete subject
	 * @return whether it matches
	 */
	static boolean matches(String pattern, String subject) {
		if (pattern.indexOf('*') < 0 && pattern.indexOf('>') < 0) {
			return pattern.equals(subject);
		}
		String[] p = pattern.split("\\.", -1);
		String[] s = subject.split("\\.", -1);
		for (int i = 0; i < p.length; i++) {
			if (p[i].equals(">")) {
				return i == p.length - 1 && s.length > i;
			}
			if (i >= s.length) {
				return false;
			}
			if (!p[i].equals("*") && !p[i].equals(s[i])) {
				return false;
			}
		}
		return p.length == s.length;
	}

	@Override
	public String toString() {
		return "LocalBus[" + this.name + "]";
	}

	/** One subscription on the bus. */
	static final class LocalSubscription {

		private final LocalBus bus;

		final LocalTransporter connection;

		final String subject;

		final @Nullable String queueGroup;

		LocalSubscription(LocalBus bus, LocalTransporter connection, String subject, @Nullable String queueGroup) {
			this.bus = bus;
			this.connection = connection;
			this.subject = subject;
			this.queueGroup = queueGroup;
		}

		void unsubscribe() {
			this.bus.remove(this);
		}

	}

}
