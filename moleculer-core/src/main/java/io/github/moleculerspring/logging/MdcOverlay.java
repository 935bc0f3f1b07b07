package io.github.moleculerspring.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Whether the logging backend shows the {@link CurrentContext current context} in its MDC
 * ({@link ContextMdcAdapter}). Logback (Spring Boot's default) gets the overlay installed on first
 * use; with any other backend {@link #active()} is {@code false} and the broker falls back to
 * putting the values in the MDC around each handler, so nothing is lost.
 */
public final class MdcOverlay {

	private static final boolean ACTIVE = install();

	private MdcOverlay() {
	}

	/**
	 * Returns whether the overlay is installed.
	 * @return {@code true} when the backend reads the current context when it logs
	 */
	public static boolean active() {
		return ACTIVE;
	}

	private static boolean install() {
		try {
			Class.forName("ch.qos.logback.classic.LoggerContext", false, MdcOverlay.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		try {
			return LogbackMdcOverlay.install(factory);
		}
		catch (LinkageError ex) {
			return false;
		}
	}

}
