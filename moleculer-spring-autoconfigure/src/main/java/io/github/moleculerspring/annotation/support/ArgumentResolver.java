package io.github.moleculerspring.annotation.support;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Produces the value of one handler method argument from the context of a call or an event.
 */
@FunctionalInterface
interface ArgumentResolver {

	/**
	 * Resolves the argument.
	 * @param ctx the context
	 * @return the argument value
	 * @throws io.github.moleculerspring.error.ValidationError when the value is missing or does not
	 * convert
	 */
	@Nullable Object resolve(Context ctx);

}
