package io.github.moleculerspring.autoconfigure;

import io.github.moleculerspring.transport.Transporter;

/**
 * Creates the transporter named by {@code moleculer.transporter} for one URL scheme, such as
 * {@code local}. The in-JVM {@code local} scheme is always available; beans of this type add
 * schemes (or replace {@code local}), so that a transporter module only has to contribute its
 * factory.
 */
public interface TransporterFactory {

	/**
	 * The scheme this factory handles, matched without regard to case: {@code local} handles
	 * {@code local} and {@code local://bus}.
	 * @return the scheme
	 */
	String scheme();

	/**
	 * Whether this factory handles a scheme; by default only {@link #scheme()}, without regard to
	 * case.
	 * @param scheme the scheme of a {@code moleculer.transporter} value, in lower case
	 * @return whether {@link #create(String)} accepts it
	 */
	default boolean handles(String scheme) {
		return scheme().equalsIgnoreCase(scheme);
	}

	/**
	 * Creates a transporter.
	 * @param url the configured value, such as {@code local://orders}; it may carry credentials
	 * and must not be logged
	 * @return the transporter, not yet connected
	 */
	Transporter create(String url);

}
