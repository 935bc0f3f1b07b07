package io.github.moleculerspring.annotation.support;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Produces the value of one parameter of one handler method from the context of a call or an
 * event: a built-in binding ({@code @Param}, {@code @Meta}, the params, the context) or an
 * application's {@link ArgumentResolver}, chosen once when the handler is created.
 */
@FunctionalInterface
interface ParameterResolver {

	/**
	 * Resolves the argument. A value that is missing or does not convert is not thrown but
	 * recorded, so that the errors of all the arguments are reported at once.
	 * @param ctx the context
	 * @param errors where field errors go
	 * @return the argument value ({@code null}, or a primitive's default, when it has errors)
	 * @throws Exception what an application's resolver throws, which fails the call
	 */
	@Nullable Object resolve(Context ctx, FieldErrors errors) throws Exception;

}
