package io.github.moleculerspring.autoconfigure;

import io.github.moleculerspring.fault.RetryPolicy;

/**
 * Decides which errors are retried when the retry policy is on (Moleculer's
 * {@code retryPolicy.check}). Without a bean of this type an error is retried when its
 * {@code retryable} flag is set; a bean replaces that rule for every call, and may delegate to
 * {@link RetryPolicy#DEFAULT_CHECK} to extend it rather than replace it.
 *
 * <pre class="code">
 * &#64;Bean
 * RetryPolicyCheck retryPolicyCheck() {
 * 	return (error) -&gt; RetryPolicy.DEFAULT_CHECK.test(error)
 * 			|| (error instanceof MoleculerError moleculerError &amp;&amp; moleculerError.getCode() == 503);
 * }
 * </pre>
 */
@FunctionalInterface
public interface RetryPolicyCheck {

	/**
	 * Whether a failed call is retried.
	 * @param error the error of the call, usually a
	 * {@link io.github.moleculerspring.error.MoleculerError MoleculerError}
	 * @return {@code true} to retry the call
	 */
	boolean isRetryable(Throwable error);

}
