package io.github.moleculerspring.transport;

/** Receives what a {@link Transporter} delivers. Implementations return quickly and never block. */
public interface TransporterListener {

	/**
	 * A message arrived.
	 * @param subject the subject it was published on
	 * @param payload the payload
	 */
	void onMessage(String subject, byte[] payload);

	/**
	 * The connection is (again) established.
	 * @param reconnected {@code true} after a connection loss, {@code false} for the first connection
	 */
	void onConnected(boolean reconnected);

	/** The connection was lost; the transporter tries to reconnect. */
	void onDisconnected();

}
