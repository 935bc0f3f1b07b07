package io.github.moleculerspring.transport;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.protocol.Packet;
import io.github.moleculerspring.protocol.PacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.ResponsePacket;
import io.github.moleculerspring.protocol.Topics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing side of the {@link Transit}: encodes a packet, checks it against the transporter's
 * payload limit, publishes it and counts it. It also builds and sends responses, because a
 * response that cannot be sent must turn into an error response the caller can read.
 */
final class PacketPublisher {

	private static final Logger logger = LoggerFactory.getLogger(Transit.class);

	private final String nodeID;

	private final Topics topics;

	private final Transporter transporter;

	private final PacketSerializer serializer;

	private final ProtocolSelector protocol;

	private final boolean errorStackTraces;

	private final boolean errorExceptionNames;

	private final RateLimitedLog warnings;

	private final LongAdder packetsSent = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	PacketPublisher(Transit.Config config, ProtocolSelector protocol, RateLimitedLog warnings) {
		this.nodeID = config.nodeID();
		this.topics = config.topics();
		this.transporter = config.transporter();
		this.serializer = config.serializer();
		this.protocol = protocol;
		this.errorStackTraces = config.errorStackTraces();
		this.errorExceptionNames = config.errorExceptionNames();
		this.warnings = warnings;
	}

	/** The {@code ver} string this node currently sends. */
	String ver() {
		return this.protocol.current().value();
	}

	/**
	 * Encodes and publishes a packet.
	 * @param subject the subject
	 * @param packet the packet
	 * @throws MoleculerError {@code PAYLOAD_TOO_LARGE} beyond the transporter's limit, or what the
	 * serializer or the transporter throws
	 */
	void publish(String subject, Packet packet) {
		byte[] bytes = this.serializer.serialize(packet);
		long max = this.transporter.maxPayloadBytes();
		if (bytes.length > max) {
			throw new MoleculerError("The " + packet.type() + " packet is " + bytes.length
					+ " bytes, more than the transporter's maximum payload of " + max + " bytes.", 413,
					"PAYLOAD_TOO_LARGE", Map.of("size", bytes.length, "limit", max));
		}
		this.transporter.publish(subject, bytes);
		this.packetsSent.increment();
		this.bytesSent.add(bytes.length);
	}

	/** Publishes when connected; a failure is a rate-limited warning, never an exception. */
	void publishQuietly(String subject, Packet packet) {
		try {
			if (this.transporter.isConnected()) {
				publish(subject, packet);
			}
		}
		catch (RuntimeException ex) {
			this.warnings.warn("publish:" + packet.type(), "Could not publish {} packet: {}", packet.type(),
					ex.toString());
		}
	}

	/**
	 * Sends the response to a request. A result that cannot be sent (not serializable, too large)
	 * becomes an error response saying why.
	 * @param target the requesting node
	 * @param id the request ID
	 * @param meta the final meta
	 * @param headers the response headers (protocol 5), or {@code null}
	 * @param data the result
	 * @param error the failure, or {@code null}
	 */
	void sendResponse(String target, String id, Map<String, Object> meta, @Nullable Map<String, Object> headers,
			@Nullable Object data, @Nullable Throwable error) {
		String subject = this.topics.targeted(PacketType.RESPONSE, target);
		String ver = ver();
		ResponsePacket packet = (error == null)
				? new ResponsePacket(id, meta, headers, true, data, null, null, null, ver, this.nodeID)
				: new ResponsePacket(id, meta, headers, false, null,
						MoleculerErrors.toPayload(error, this.nodeID, this.errorStackTraces, this.errorExceptionNames),
						null, null, ver,
						this.nodeID);
		try {
			publish(subject, packet);
		}
		catch (RuntimeException ex) {
			if (!this.transporter.isConnected()) {
				this.warnings.warn("response-disconnected",
						"Could not send the response of request '{}' to '{}': the transporter is disconnected", id, target);
				return;
			}
			if (error != null) {
				this.warnings.warn("response-error", "Could not send the error response of request '{}' to '{}': {}",
						id, target, ex.toString());
				return;
			}
			// The result could not be sent (not serializable, too large): tell the caller why.
			MoleculerError failure = MoleculerErrors.toMoleculerError(ex);
			logger.warn("Could not send the response of request '{}' to '{}': {}", id, target, failure.getMessage());
			sendResponse(target, id, meta, headers, null, failure);
		}
	}

	long packetsSent() {
		return this.packetsSent.sum();
	}

	long bytesSent() {
		return this.bytesSent.sum();
	}

}
