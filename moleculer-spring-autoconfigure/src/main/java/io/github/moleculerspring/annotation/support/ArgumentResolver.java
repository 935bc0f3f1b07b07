package io.github.moleculerspring.annotation.support;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

/**
 * Resolves parameters of {@code @Action}, {@code @Event} and fallback methods that the built-in
 * bindings do not know, as Spring MVC's {@code HandlerMethodArgumentResolver} does for controllers:
 * the current user from {@code ctx.meta()}, a tenant, a value of the application's own. Declare
 * one as a bean; the beans are asked, in their {@link org.springframework.core.annotation.Order
 * &#64;Order}, before the built-in bindings ({@code @Param}, {@code @Meta}, the
 * {@code Context}, the params or payload), and the first that supports a parameter resolves it on
 * every call.
 *
 * <p>
 * A resolved parameter is not part of the derived params schema, and it does not count as the
 * one unannotated parameter that receives all the params. {@link #supportsParameter} is asked once
 * per parameter when the handler is created; {@link #resolveArgument} on every call, on the
 * handler's thread.
 *
 * <pre class="code">
 * &#64;Bean
 * ArgumentResolver currentUserResolver() {
 *     return new ArgumentResolver() {
 *         public boolean supportsParameter(MethodParameter parameter) {
 *             return parameter.hasParameterAnnotation(CurrentUser.class);
 *         }
 *         public Object resolveArgument(MethodParameter parameter, Context ctx) {
 *             return ctx.meta().get("user");
 *         }
 *     };
 * }
 * </pre>
 */
public interface ArgumentResolver {

	/**
	 * Whether this resolver produces the parameter's value.
	 * @param parameter a parameter of a handler method
	 * @return whether {@link #resolveArgument} is to be used for it
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * Produces the parameter's value for one call or event.
	 * @param parameter the parameter, one this resolver supports
	 * @param ctx the context of the call or event
	 * @return the value, or {@code null}
	 * @throws Exception to fail the call; a {@code MoleculerError} (a {@code ValidationError}, for
	 * example) reaches the caller as it is, anything else as a {@code MoleculerServerError}
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, Context ctx) throws Exception;

}
