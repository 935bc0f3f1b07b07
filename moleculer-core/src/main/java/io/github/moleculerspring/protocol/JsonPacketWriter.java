package io.github.moleculerspring.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The encoding half of {@link JsonPacketSerializer}: writes each packet type's fields in the order
 * Moleculer.js writes them, then {@code ver} and {@code sender}, into the thread's reused buffer.
 * User values (params, data, meta, descriptors) go through {@link JsonValues}.
 */
final class JsonPacketWriter {

	private final JsonMapper mapper;

	private final JsonValues values;

	JsonPacketWriter(JsonMapper mapper) {
		this.mapper = mapper;
		this.values = new JsonValues(mapper);
	}

	/**
	 * Encodes a packet, including its {@code ver} and {@code sender}.
	 * @param packet the packet
	 * @return the payload bytes
	 */
	byte[] write(Packet packet) {
		PacketBuffer out = PacketBuffer.forCurrentThread();
		try (JsonGenerator gen = this.mapper.createGenerator(out)) {
			gen.writeStartObject();
			switch (packet.type()) {
				case REQUEST -> writeRequest(gen, (RequestPacket) packet);
				case RESPONSE -> writeResponse(gen, (ResponsePacket) packet);
				case EVENT -> writeEvent(gen, (EventPacket) packet);
				case INFO -> writeInfo(gen, (InfoPacket) packet);
				case HEARTBEAT -> writeHeartbeat(gen, (HeartbeatPacket) packet);
				case PING -> {
					PingPacket ping = (PingPacket) packet;
					gen.writeNumberProperty("time", ping.time());
					gen.writeStringProperty("id", ping.id());
				}
				case PONG -> {
					PongPacket pong = (PongPacket) packet;
					gen.writeNumberProperty("time", pong.time());
					gen.writeStringProperty("id", pong.id());
					gen.writeNumberProperty("arrived", pong.arrived());
				}
				case DISCOVER, DISCONNECT -> {
					// envelope only
				}
			}
			gen.writeStringProperty("ver", packet.ver());
			gen.writeStringProperty("sender", packet.sender());
			gen.writeEndObject();
		}
		return out.toByteArrayAndReset();
	}

	private void writeRequest(JsonGenerator gen, RequestPacket p) {
		gen.writeStringProperty("id", p.id());
		gen.writeStringProperty("action", p.action());
		writeValue(gen, "params", p.params());
		writeValue(gen, "meta", p.meta());
		writeHeaders(gen, p.ver(), p.headers(), false);
		writeDouble(gen, "timeout", p.timeout());
		gen.writeNumberProperty("level", p.level());
		writeNullableBoolean(gen, "tracing", p.tracing());
		writeNullableString(gen, "parentID", p.parentID());
		writeNullableString(gen, "requestID", p.requestID());
		writeNullableString(gen, "caller", p.caller());
		gen.writeBooleanProperty("stream", Boolean.TRUE.equals(p.stream()));
		if (p.seq() != null) {
			gen.writeNumberProperty("seq", p.seq());
		}
	}

	private void writeResponse(JsonGenerator gen, ResponsePacket p) {
		gen.writeStringProperty("id", p.id());
		writeValue(gen, "meta", p.meta());
		writeHeaders(gen, p.ver(), p.headers(), true);
		gen.writeBooleanProperty("success", p.success());
		writeValue(gen, "data", p.data());
		if (p.error() != null) {
			writeValue(gen, "error", p.error());
		}
		if (p.stream() != null) {
			gen.writeBooleanProperty("stream", p.stream());
		}
		if (p.seq() != null) {
			gen.writeNumberProperty("seq", p.seq());
		}
	}

	private void writeEvent(JsonGenerator gen, EventPacket p) {
		gen.writeStringProperty("id", p.id());
		gen.writeStringProperty("event", p.event());
		writeValue(gen, "data", p.data());
		if (p.groups() != null) {
			gen.writeName("groups");
			gen.writeStartArray();
			for (String group : p.groups()) {
				gen.writeString(group);
			}
			gen.writeEndArray();
		}
		gen.writeBooleanProperty("broadcast", p.broadcast());
		writeValue(gen, "meta", p.meta());
		writeHeaders(gen, p.ver(), p.headers(), false);
		gen.writeNumberProperty("level", p.level());
		writeNullableBoolean(gen, "tracing", p.tracing());
		writeNullableString(gen, "parentID", p.parentID());
		writeNullableString(gen, "requestID", p.requestID());
		writeNullableString(gen, "caller", p.caller());
		gen.writeNullProperty("needAck");
	}

	private void writeInfo(JsonGenerator gen, InfoPacket p) {
		gen.writeName("services");
		gen.writeStartArray();
		for (ServiceInfo service : p.services()) {
			gen.writeStartObject();
			gen.writeStringProperty("name", service.name());
			if (service.version() != null) {
				writeValue(gen, "version", service.version());
			}
			gen.writeStringProperty("fullName", service.fullName());
			writeValue(gen, "settings", service.settings());
			writeValue(gen, "metadata", service.metadata());
			gen.writeName("actions");
			gen.writeStartObject();
			for (Map.Entry<String, ActionInfo> action : service.actions().entrySet()) {
				writeValue(gen, action.getKey(), action.getValue().descriptor());
			}
			gen.writeEndObject();
			gen.writeName("events");
			gen.writeStartObject();
			for (Map.Entry<String, EventInfo> event : service.events().entrySet()) {
				writeValue(gen, event.getKey(), event.getValue().descriptor());
			}
			gen.writeEndObject();
			gen.writeEndObject();
		}
		gen.writeEndArray();
		if (p.ipList() != null) {
			writeValue(gen, "ipList", p.ipList());
		}
		writeOptional(gen, "hostname", p.hostname());
		writeOptional(gen, "client", p.client());
		writeOptional(gen, "config", p.config());
		writeOptional(gen, "instanceID", p.instanceID());
		writeOptional(gen, "metadata", p.metadata());
		writeOptional(gen, "seq", p.seq());
	}

	private void writeHeartbeat(JsonGenerator gen, HeartbeatPacket p) {
		if (p.cpu() != null) {
			gen.writeNumberProperty("cpu", p.cpu());
		}
		if (p.seq() != null) {
			gen.writeNumberProperty("seq", p.seq());
		}
		if (p.instanceID() != null) {
			gen.writeStringProperty("instanceID", p.instanceID());
		}
	}

	private void writeHeaders(JsonGenerator gen, String ver, @Nullable Map<String, Object> headers,
			boolean nullable) {
		if ("4".equals(ver)) {
			return;
		}
		if (headers == null) {
			if (nullable) {
				gen.writeNullProperty("headers");
			}
			else {
				gen.writeName("headers");
				gen.writeStartObject();
				gen.writeEndObject();
			}
			return;
		}
		writeValue(gen, "headers", headers);
	}

	private void writeValue(JsonGenerator gen, String name, @Nullable Object value) {
		if (value == Packets.ABSENT) {
			return;
		}
		gen.writeName(name);
		if (value == null) {
			gen.writeNull();
		}
		else {
			this.values.write(gen, value);
		}
	}

	private void writeOptional(JsonGenerator gen, String name, @Nullable Object value) {
		if (value != null) {
			writeValue(gen, name, value);
		}
	}

	private static void writeDouble(JsonGenerator gen, String name, double value) {
		if (value == Math.rint(value) && Math.abs(value) < 9.007199254740992E15) {
			gen.writeNumberProperty(name, (long) value);
		}
		else {
			gen.writeNumberProperty(name, value);
		}
	}

	private static void writeNullableString(JsonGenerator gen, String name, @Nullable String value) {
		if (value == null) {
			gen.writeNullProperty(name);
		}
		else {
			gen.writeStringProperty(name, value);
		}
	}

	private static void writeNullableBoolean(JsonGenerator gen, String name, @Nullable Boolean value) {
		if (value == null) {
			gen.writeNullProperty(name);
		}
		else {
			gen.writeBooleanProperty(name, value);
		}
	}

}
