package io.github.moleculerspring.annotation.support;

/**
 * How handler arguments are converted from call params and event payloads.
 */
public enum ParamsCoercion {

	/**
	 * No lossy or type-changing coercion: a number is not accepted for a string, a string not for
	 * a number or a boolean, a fraction not for an integer type (an integral value such as
	 * {@code 2.0} is), a number not for an enum; a number that overflows its Java type and a
	 * missing primitive are errors. The default, as Moleculer's validator accepts no such values
	 * either.
	 */
	STRICT,

	/**
	 * Jackson's own coercion, as configured on the application's JSON mapper: for example
	 * {@code 1.5} becomes {@code 1} for an {@code int} and {@code 123} becomes {@code "123"} for a
	 * {@code String}.
	 */
	LENIENT

}
