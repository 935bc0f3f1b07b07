package io.github.moleculerspring.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.MDCAdapter;

/**
 * Installs {@link ContextMdcAdapter} as Logback's MDC adapter (the one {@code LoggingEvent} reads
 * for {@code %X{...}} and {@code getMDCPropertyMap()}), wrapping the adapter Logback had. Loaded
 * only when Logback is SLF4J's backend, so the core runs without Logback on the classpath.
 */
final class LogbackMdcOverlay {

	private LogbackMdcOverlay() {
	}

	/**
	 * Installs the overlay in Logback's logger context (once).
	 * @param factory SLF4J's logger factory, a Logback {@link LoggerContext}
	 * @return whether the overlay is in place
	 */
	static boolean install(ILoggerFactory factory) {
		if (!(factory instanceof LoggerContext context)) {
			return false;
		}
		synchronized (context) {
			MDCAdapter current = context.getMDCAdapter();
			if (current instanceof ContextMdcAdapter) {
				return true;
			}
			if (current == null) {
				return false;
			}
			context.setMDCAdapter(new ContextMdcAdapter(current));
			return context.getMDCAdapter() instanceof ContextMdcAdapter;
		}
	}

}
