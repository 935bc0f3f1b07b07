package io.github.moleculerspring.strategy;

import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A strategy name that names no registered strategy. The broker's options are the one place that
 * knows the names; callers that must say where the name came from (a configuration key, an
 * annotation attribute) catch this and word it their way from {@link #name()} and
 * {@link #known()}.
 */
public class UnknownStrategyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String name;

	private final SortedSet<String> known;

	/**
	 * Creates the exception.
	 * @param name the unknown name
	 * @param known the names that are registered
	 */
	public UnknownStrategyException(String name, Collection<String> known) {
		super("Unknown strategy '" + name + "'; known: " + known);
		this.name = name;
		this.known = new TreeSet<>(known);
	}

	/** The unknown name. */
	public String name() {
		return this.name;
	}

	/** The registered names, sorted. */
	public Set<String> known() {
		return this.known;
	}

}
