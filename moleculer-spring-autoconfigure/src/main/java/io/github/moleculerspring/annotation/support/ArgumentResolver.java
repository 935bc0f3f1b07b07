package io.github.moleculerspring.annotation.support;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Produces the value of one handler method argument from the context of a call or an event.
 */
@FunctionalInterface
interface ArgumentResolver {

	/**
	 * Resolves the argument. A value that is missing or does not convert is not thrown but
	 * recorded, so that the errors of all the arguments are reported at once.
	 * @param ctx the context
	 * @param errors where field errors go
	 * @return the argument value ({@code null}, or a primitive's default, when it has errors)
	 */
	@Nullable Object resolve(Context ctx, FieldErrors errors);

}
