package io.github.moleculerspring.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric or {@link java.time.Duration} configuration property accepts, checked by
 * {@link MoleculerPropertiesValidator} when the properties are bound, so that a value out of range
 * fails startup naming its key instead of silently changing the broker's behaviour. Durations are
 * compared in the unit of the field's {@link org.springframework.boot.convert.DurationUnit} (the
 * unit a bare number has), so {@code @Range(above = 0)} on a seconds field means "longer than 0 s".
 * A {@code null} value (an optional property left unset) is accepted.
 *
 * <p>
 * Adding a key and its range is this one annotation on the field; rules that involve two keys
 * live in {@link MoleculerPropertiesValidator}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {

	/**
	 * The smallest accepted value, inclusive; {@code NaN} (the default) for no such bound.
	 * @return the minimum
	 */
	double min() default Double.NaN;

	/**
	 * A value that accepted values must be greater than (an exclusive minimum); {@code NaN} (the
	 * default) for no such bound.
	 * @return the exclusive minimum
	 */
	double above() default Double.NaN;

	/**
	 * The largest accepted value, inclusive; {@code NaN} (the default) for no such bound.
	 * @return the maximum
	 */
	double max() default Double.NaN;

	/**
	 * What special values mean, shown with the accepted range, such as {@code "0 means no
	 * timeout"}.
	 * @return the note, or empty
	 */
	String note() default "";

}
