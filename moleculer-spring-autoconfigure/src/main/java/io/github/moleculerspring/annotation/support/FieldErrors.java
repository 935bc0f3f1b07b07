package io.github.moleculerspring.annotation.support;

import java.util.ArrayList;
import java.util.List;

import io.github.moleculerspring.error.ValidationError;

/**
 * The field errors found while the arguments of one call are resolved, so that all of them are
 * reported at once, and Bean Validation does not report again a field that did not even convert.
 */
final class FieldErrors {

	/** Empty until the first error, so that a call without errors allocates no list. */
	private List<ValidationError.Violation> violations = List.of();

	void add(ValidationError.Violation violation) {
		if (this.violations.isEmpty()) {
			this.violations = new ArrayList<>();
		}
		this.violations.add(violation);
	}

	boolean isEmpty() {
		return this.violations.isEmpty();
	}

	int size() {
		return this.violations.size();
	}

	/**
	 * Whether a field, or the object or list it belongs to, already has an error: a later error
	 * on it would be a consequence of the first (a value left out because it did not convert).
	 */
	boolean covers(String field) {
		return covers(field, this.violations.size());
	}

	private boolean covers(String field, int count) {
		for (int i = 0; i < count; i++) {
			String failed = this.violations.get(i).field();
			if (field.equals(failed) || failed.equals("params")
					|| (field.startsWith(failed) && (field.charAt(failed.length()) == '.'
							|| field.charAt(failed.length()) == '['))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds the errors of Bean Validation that are not consequences of conversion errors.
	 * @param error the error of Bean Validation
	 */
	void addAll(ValidationError error) {
		int conversionErrors = this.violations.size();
		for (ValidationError.Violation violation : error.getViolations()) {
			if (!covers(violation.field(), conversionErrors)) {
				add(violation);
			}
		}
	}

	/** The error that reports them all. */
	ValidationError toError() {
		return Violations.error(this.violations);
	}

}
