package io.github.moleculerspring.strategy;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link Strategy} chooses among: one node's copy of an action or event handler, seen only
 * through what a strategy needs to tell candidates apart. The registry's endpoints implement it, so
 * that strategies do not depend on the registry.
 */
public interface Candidate {

	/** The ID of the node this candidate runs on. */
	String nodeID();

	/** Whether the candidate runs on this node. */
	boolean isLocal();

	/** The CPU usage in percent that its node last reported, or {@code null} if it has not yet. */
	@Nullable Integer nodeCpu();

}
