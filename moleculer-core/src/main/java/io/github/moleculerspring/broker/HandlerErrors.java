package io.github.moleculerspring.broker;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalises what a local handler throws: any failure becomes a {@link MoleculerError} stamped
 * with this node's ID (an unexpected exception is logged once here), while a fatal JVM error other
 * than a stack overflow is rethrown rather than turned into a reply.
 */
final class HandlerErrors {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final String nodeID;

	HandlerErrors(String nodeID) {
		this.nodeID = nodeID;
	}

	/**
	 * The error a handler's failure is reported as.
	 * @param error what the handler threw or its future failed with
	 * @param where the action, for the log
	 * @return the Moleculer error, with this node's ID when it had none
	 */
	MoleculerError failure(Throwable error, String where) {
		Throwable cause = MoleculerErrors.unwrap(error);
		MoleculerError moleculerError = MoleculerErrors.toMoleculerError(cause);
		if (!(cause instanceof MoleculerError)) {
			logger.warn("Handler of '{}' failed with an unexpected exception", where, cause);
		}
		if (moleculerError.getNodeID() == null) {
			moleculerError.setNodeID(this.nodeID);
		}
		return moleculerError;
	}

	/** Rethrows a fatal JVM error (out of memory and the like, not a stack overflow). */
	static void rethrowFatal(Throwable error) {
		if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
			throw (VirtualMachineError) error;
		}
	}

}
