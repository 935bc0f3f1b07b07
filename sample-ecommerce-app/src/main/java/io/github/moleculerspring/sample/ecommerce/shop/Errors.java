package io.github.moleculerspring.sample.ecommerce.shop;

import java.util.Map;

import io.github.moleculerspring.error.MoleculerClientError;

/**
 * Typed client errors of the shop, so callers (and the HTTP gateway) can tell a missing entity
 * (404), a conflict (409) and a business rule (422) apart by code and type.
 */
public final class Errors {

	private Errors() {
	}

	/**
	 * An entity that does not exist.
	 * @param entity what was looked up, such as {@code User}
	 * @param id its id
	 * @return a 404 error of type {@code <ENTITY>_NOT_FOUND}
	 */
	public static MoleculerClientError notFound(String entity, String id) {
		return new MoleculerClientError(entity + " '" + id + "' not found", 404,
				entity.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND", Map.of("id", id));
	}

	/**
	 * A request that conflicts with the current state.
	 * @param message what conflicts
	 * @param type the error type
	 * @param data details
	 * @return a 409 error
	 */
	public static MoleculerClientError conflict(String message, String type, Map<String, Object> data) {
		return new MoleculerClientError(message, 409, type, data);
	}

	/**
	 * A request that breaks a business rule.
	 * @param message the rule
	 * @param type the error type
	 * @param data details
	 * @return a 422 error
	 */
	public static MoleculerClientError unprocessable(String message, String type, Map<String, Object> data) {
		return new MoleculerClientError(message, 422, type, data);
	}

}
