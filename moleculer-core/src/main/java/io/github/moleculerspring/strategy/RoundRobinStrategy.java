package io.github.moleculerspring.strategy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/** Takes the endpoints in turn. Moleculer's default strategy. */
public final class RoundRobinStrategy implements Strategy {

	private final AtomicInteger counter = new AtomicInteger();

	@Override
	public <E extends Candidate> E select(List<E> endpoints, @Nullable Context ctx) {
		int size = endpoints.size();
		if (size == 1) {
			return endpoints.get(0);
		}
		return endpoints.get(Math.floorMod(this.counter.getAndIncrement(), size));
	}

}
