/**
 * Where a handler's log lines get Moleculer's context: {@link CurrentContext}, one thread-local
 * reference to the context whose handler runs on this thread, and the SLF4J MDC overlay that
 * shows its {@code requestID}, {@code nodeID} and {@code action} or {@code event} to the logging
 * backend when it logs. Imports {@code context} only.
 */
@NullMarked
package io.github.moleculerspring.logging;

import org.jspecify.annotations.NullMarked;
