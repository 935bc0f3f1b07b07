package io.github.moleculerspring.benchmarks.spring;

import java.util.Map;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;

import org.springframework.context.annotation.Profile;

/**
 * The responder's {@code bench} service: the same echo as the bare-core node, written as users write
 * actions, once with a {@code Map} and once with a record (bound, validated and converted back by
 * the annotation layer). Not in the caller profile: a caller hosting {@code bench} itself would call
 * its own local endpoint (which completes on the calling thread) instead of the responder.
 */
@MoleculerService("bench")
@Profile("!caller")
public class BenchService {

	/** Returns the params map it was given. */
	@Action
	public Map<String, Object> echo(Map<String, Object> params) {
		return params;
	}

	/** Returns the record it was given. */
	@Action
	public Payload echoRecord(Payload payload) {
		return payload;
	}

}
