package io.github.moleculerspring.strategy;

import java.util.List;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Picks one endpoint among the available endpoints of an action or event group. One instance
 * serves one endpoint list, so it may keep per-list state (a round-robin counter).
 */
@FunctionalInterface
public interface Strategy {

	/**
	 * Selects an endpoint.
	 * @param <E> the endpoint type
	 * @param endpoints the available endpoints, never empty
	 * @param ctx the context of the call or event, if any
	 * @return the chosen endpoint, one of {@code endpoints}
	 */
	<E extends Candidate> E select(List<E> endpoints, @Nullable Context ctx);

}
