package io.github.moleculerspring.transport;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was caught blocking a poller, so the pollers no longer run it inline: the actions whose
 * requests, the events whose deliveries, and the actions whose response callbacks (the caller's
 * continuations of a call) held a poller longer than its {@code blockedAfter}. From then on they run
 * on the workers, for the life of the node. A name once demoted stays demoted: a handler that blocked
 * once is taken to block again.
 */
final class PollerDemotions {

	/** What a poller runs inline. */
	enum Kind {

		/** A request served by a non-blocking action. */
		ACTION("action"),

		/** An event delivered to non-blocking handlers. */
		EVENT("event"),

		/** The continuations of a call completed by its response. */
		RESPONSE("response callbacks of calls to");

		private final String description;

		Kind(String description) {
			this.description = description;
		}

		/** How a warning names it: {@code action 'math.add'}. */
		String describe(String name) {
			return this.description + " '" + name + "'";
		}

	}

	private final Map<Kind, Set<String>> demoted = new EnumMap<>(Kind.class);

	PollerDemotions() {
		for (Kind kind : Kind.values()) {
			this.demoted.put(kind, ConcurrentHashMap.newKeySet());
		}
	}

	/** Whether the pollers no longer run this inline. */
	boolean isDemoted(Kind kind, String name) {
		Set<String> names = this.demoted.get(kind);
		return !names.isEmpty() && names.contains(name);
	}

	/**
	 * Moves this to the workers for good.
	 * @return {@code true} when it was not demoted before
	 */
	boolean demote(Kind kind, String name) {
		return this.demoted.get(kind).add(name);
	}

	/** Everything demoted, as {@code action 'math.add'}, for health and tests. */
	List<String> describe() {
		List<String> result = new ArrayList<>();
		for (Map.Entry<Kind, Set<String>> entry : this.demoted.entrySet()) {
			for (String name : entry.getValue()) {
				result.add(entry.getKey().describe(name));
			}
		}
		return result;
	}

}
