package io.github.moleculerspring.fault;

/**
 * A fault-tolerance option out of its range. These options are the one place of each rule;
 * callers that must say where the value came from (an annotation attribute, a configuration key)
 * word the failure their way from {@link #option()}, {@link #value()} and {@link #reason()}.
 */
public class InvalidOptionException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String option;

	private final transient Object value;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param option Moleculer's name of the option, such as {@code threshold}
	 * @param value the rejected value
	 * @param reason why, such as {@code "must be at least 1"}
	 */
	public InvalidOptionException(String option, Object value, String reason) {
		super(option + " " + reason + ", not " + value);
		this.option = option;
		this.value = value;
		this.reason = reason;
	}

	/** Moleculer's name of the option. */
	public String option() {
		return this.option;
	}

	/** The rejected value. */
	public Object value() {
		return this.value;
	}

	/** Why it is rejected, such as {@code "must be at least 1"}. */
	public String reason() {
		return this.reason;
	}

}
