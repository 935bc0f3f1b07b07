package io.github.moleculerspring.transport;

/**
 * The entry of the receive path: whatever reads packets off the wire hands each one here, as raw
 * bytes with the subject it came on, and the transit does the rest (decode, protocol checks,
 * admission, hand-off to a worker, dispatch by packet type). Today a {@link Transporter}'s
 * delivery thread calls it through {@link TransporterListener#onMessage}; a poller of the node's
 * own subscriptions can call it instead without the broker noticing.
 *
 * <p>
 * Implementations return quickly, never block and never throw: a packet that cannot be handled is
 * counted and dropped.
 */
@FunctionalInterface
public interface PacketReceiver {

	/**
	 * Takes one packet.
	 * @param subject the subject it was published on
	 * @param payload the encoded packet; not modified afterwards by the caller
	 */
	void receive(String subject, byte[] payload);

}
