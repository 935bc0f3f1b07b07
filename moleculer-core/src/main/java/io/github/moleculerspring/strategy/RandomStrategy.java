package io.github.moleculerspring.strategy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/** Picks an endpoint at random. */
public final class RandomStrategy implements Strategy {

	@Override
	public <E extends Candidate> E select(List<E> endpoints, @Nullable Context ctx) {
		return endpoints.get(ThreadLocalRandom.current().nextInt(endpoints.size()));
	}

}
