package io.github.moleculerspring.error;

/** The transporter is disconnected, so a remote call cannot be sent now. 502, retryable. */
public class BrokerDisconnectedError extends MoleculerRetryableError {

	private static final long serialVersionUID = 1L;

	public BrokerDisconnectedError() {
		super(null, "The broker's transporter has disconnected. Please try again when a connection is reestablished.",
				502, "BAD_GATEWAY", null, true, null);
	}

}
