package io.github.moleculerspring.annotation.support;

import java.lang.reflect.Method;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Validates the arguments of handler methods, such as with Jakarta Bean Validation
 * ({@link JakartaParamsValidator}). Invalid arguments fail the call with a
 * {@link io.github.moleculerspring.error.ValidationError ValidationError} (422) in
 * fastest-validator's shape.
 */
public interface ParamsValidator {

	/**
	 * Prepares the validation of one handler method, once, at startup.
	 * @param bean the bean that declares the method
	 * @param method the method
	 * @param paramsIndex the index of the argument that receives all the params (or the event
	 * payload), or {@code -1} when there is none
	 * @param paramNames the names of the {@code @Param} arguments by index
	 * @return the validation, or {@code null} when nothing of the method is constrained
	 */
	@Nullable ArgumentsValidation prepare(Object bean, Method method, int paramsIndex, Map<Integer, String> paramNames);

	/** The validation of the arguments of one method. */
	@FunctionalInterface
	interface ArgumentsValidation {

		/**
		 * Validates resolved arguments.
		 * @param args the arguments, in method order
		 * @param ctx the context, to name the action and node in violations
		 * @throws io.github.moleculerspring.error.ValidationError when they are invalid
		 */
		void validate(@Nullable Object[] args, Context ctx);

	}

}
