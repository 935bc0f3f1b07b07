package io.github.moleculerspring.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.error.InvalidPacketDataError;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.node.NullNode;

/**
 * The decoding half of {@link JsonPacketSerializer}: reads a payload field by field on the
 * streaming API, strict about types and lenient about presence, and only then checks the required
 * fields and builds the packet, so a bad payload is one {@link InvalidPacketDataError} and never a
 * half-read packet. {@code params} and {@code data} become
 * {@link RawJson} spans of the payload (checked, not decoded), JSON {@code null} a {@link NullNode}.
 */
final class JsonPacketReader {

	private final JsonFactory readFactory;

	/**
	 * Creates a reader.
	 * @param maxNestingDepth the nesting depth accepted; deeper payloads are invalid
	 */
	JsonPacketReader(int maxNestingDepth) {
		this.readFactory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
			.recyclerPool(JsonRecyclerPools.threadLocalPool())
			.build();
	}

	/**
	 * Decodes a packet of a known type.
	 * @param type the packet type (from the subject)
	 * @param payload the payload bytes
	 * @return the packet
	 * @throws InvalidPacketDataError when the payload is malformed or misses a required field
	 */
	Packet read(PacketType type, byte[] payload) {
		Fields f = new Fields(type);
		try (JsonParser p = this.readFactory.createParser(ObjectReadContext.empty(), payload)) {
			if (p.nextToken() != JsonToken.START_OBJECT) {
				throw f.invalid("the payload is not a JSON object");
			}
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = p.currentName();
				p.nextToken();
				readField(p, f, name, payload);
			}
			if (p.nextToken() != null) {
				throw f.invalid("trailing content after the JSON object");
			}
		}
		catch (InvalidPacketDataError ex) {
			throw ex;
		}
		catch (JacksonException ex) {
			throw f.invalid("malformed JSON: " + ex.getOriginalMessage());
		}
		catch (RuntimeException ex) {
			throw f.invalid("undecodable payload: " + ex);
		}
		return f.build();
	}

	private void readField(JsonParser p, Fields f, String name, byte[] payload) {
		switch (name) {
			case "ver" -> f.ver = string(p, f, name);
			case "sender" -> f.sender = string(p, f, name);
			case "id" -> f.id = string(p, f, name);
			case "action" -> f.action = string(p, f, name);
			case "event" -> f.event = string(p, f, name);
			case "params" -> f.params = span(p, payload);
			case "data" -> f.data = span(p, payload);
			case "meta" -> f.meta = object(p, f, name);
			case "headers" -> f.headers = object(p, f, name);
			case "error" -> f.error = object(p, f, name);
			case "timeout" -> f.timeout = number(p, f, name);
			case "level" -> f.level = number(p, f, name);
			case "tracing" -> f.tracing = bool(p, f, name);
			case "parentID" -> f.parentID = string(p, f, name);
			case "requestID" -> f.requestID = string(p, f, name);
			case "caller" -> f.caller = string(p, f, name);
			case "stream" -> f.stream = bool(p, f, name);
			case "seq" -> f.seq = number(p, f, name);
			case "success" -> f.success = bool(p, f, name);
			case "groups" -> f.groups = stringList(p, f, name);
			case "broadcast" -> f.broadcast = bool(p, f, name);
			case "time" -> f.time = number(p, f, name);
			case "arrived" -> f.arrived = number(p, f, name);
			case "cpu" -> f.cpu = number(p, f, name);
			case "services" -> f.services = services(p, f);
			case "ipList" -> f.ipList = stringList(p, f, name);
			case "hostname" -> f.hostname = string(p, f, name);
			case "client" -> f.client = object(p, f, name);
			case "config" -> f.config = object(p, f, name);
			case "instanceID" -> f.instanceID = string(p, f, name);
			case "metadata" -> f.metadata = object(p, f, name);
			default -> p.skipChildren();
		}
	}

	private static @Nullable String string(JsonParser p, Fields f, String name) {
		JsonToken token = p.currentToken();
		if (token == JsonToken.VALUE_STRING) {
			return p.getString();
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		throw f.invalid("'" + name + "' must be a string");
	}

	private static @Nullable Number number(JsonParser p, Fields f, String name) {
		JsonToken token = p.currentToken();
		if (token == JsonToken.VALUE_NUMBER_INT) {
			return (p.getNumberType() == JsonParser.NumberType.INT) ? (Number) p.getIntValue()
					: (Number) p.getLongValue();
		}
		if (token == JsonToken.VALUE_NUMBER_FLOAT) {
			return p.getDoubleValue();
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		throw f.invalid("'" + name + "' must be a number");
	}

	private static @Nullable Boolean bool(JsonParser p, Fields f, String name) {
		JsonToken token = p.currentToken();
		if (token == JsonToken.VALUE_TRUE) {
			return Boolean.TRUE;
		}
		if (token == JsonToken.VALUE_FALSE) {
			return Boolean.FALSE;
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		throw f.invalid("'" + name + "' must be a boolean");
	}

	/**
	 * Reads the value at the parser's current token as a span of the payload, checking on the way
	 * that it is well-formed (strings are decoded into the parser's buffer, so bad UTF-8 or escapes
	 * fail, and the parser's nesting limit applies) without building anything. JSON {@code null}
	 * stays the shared {@link NullNode}.
	 */
	private static Object span(JsonParser p, byte[] payload) {
		JsonToken token = p.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return NullNode.getInstance();
		}
		long start = p.currentTokenLocation().getByteOffset();
		if (token.isStructStart()) {
			int depth = 1;
			while (depth > 0) {
				JsonToken next = p.nextToken();
				if (next == null) {
					throw new IllegalStateException("unexpected end of the payload");
				}
				if (next.isStructStart()) {
					depth++;
				}
				else if (next.isStructEnd()) {
					depth--;
				}
				else if (next == JsonToken.VALUE_STRING) {
					p.finishToken();
				}
			}
		}
		else if (token == JsonToken.VALUE_STRING) {
			p.finishToken();
		}
		long end = p.currentLocation().getByteOffset();
		if (start < 0 || end <= start || end > payload.length) {
			throw new IllegalStateException("the parser reports no byte offsets");
		}
		return new RawJson(payload, (int) start, (int) (end - start));
	}

	private static @Nullable Map<String, Object> object(JsonParser p, Fields f, String name) {
		JsonToken token = p.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.START_OBJECT) {
			throw f.invalid("'" + name + "' must be an object");
		}
		return JsonValues.readMap(p);
	}

	private static @Nullable List<String> stringList(JsonParser p, Fields f, String name) {
		JsonToken token = p.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.START_ARRAY) {
			throw f.invalid("'" + name + "' must be an array of strings");
		}
		List<String> list = new ArrayList<>();
		while (p.nextToken() != JsonToken.END_ARRAY) {
			if (p.currentToken() != JsonToken.VALUE_STRING) {
				throw f.invalid("'" + name + "' must be an array of strings");
			}
			list.add(p.getString());
		}
		return list;
	}

	private List<ServiceInfo> services(JsonParser p, Fields f) {
		if (p.currentToken() != JsonToken.START_ARRAY) {
			throw f.invalid("'services' must be an array");
		}
		List<ServiceInfo> services = new ArrayList<>();
		while (p.nextToken() != JsonToken.END_ARRAY) {
			if (p.currentToken() != JsonToken.START_OBJECT) {
				throw f.invalid("'services' must contain objects");
			}
			services.add(service(JsonValues.readMap(p), f));
		}
		return services;
	}

	private static ServiceInfo service(Map<String, Object> raw, Fields f) {
		if (!(raw.get("name") instanceof String name) || name.isEmpty()) {
			throw f.invalid("a service has no 'name'");
		}
		Object version = raw.get("version");
		if (version != null && !(version instanceof Number) && !(version instanceof String)) {
			throw f.invalid("service '" + name + "' has a 'version' that is neither a number nor a string");
		}
		String fullName = (raw.get("fullName") instanceof String s && !s.isEmpty()) ? s
				: ServiceInfo.fullName(name, version);
		Map<String, ActionInfo> actions = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, Object>> entry : entries(raw, "actions", name, f).entrySet()) {
			Object actionName = entry.getValue().get("name");
			if (!(actionName instanceof String an) || an.isEmpty()) {
				throw f.invalid("action '" + entry.getKey() + "' of service '" + name + "' has no 'name'");
			}
			actions.put(entry.getKey(), new ActionInfo(an, entry.getValue()));
		}
		Map<String, EventInfo> events = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, Object>> entry : entries(raw, "events", name, f).entrySet()) {
			Object eventName = entry.getValue().get("name");
			if (!(eventName instanceof String en) || en.isEmpty()) {
				throw f.invalid("event '" + entry.getKey() + "' of service '" + name + "' has no 'name'");
			}
			Object group = entry.getValue().get("group");
			if (group != null && !(group instanceof String)) {
				throw f.invalid("event '" + en + "' of service '" + name + "' has a non-string 'group'");
			}
			events.put(entry.getKey(), new EventInfo(en, (String) group, entry.getValue()));
		}
		return new ServiceInfo(name, version, fullName, objectOrEmpty(raw.get("settings")),
				objectOrEmpty(raw.get("metadata")), actions, events);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> entries(Map<String, Object> raw, String key, String service,
			Fields f) {
		Object value = raw.get(key);
		if (value == null) {
			return Collections.emptyMap();
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw f.invalid("'" + key + "' of service '" + service + "' must be an object");
		}
		for (Object entry : map.values()) {
			if (!(entry instanceof Map)) {
				throw f.invalid("'" + key + "' of service '" + service + "' must contain objects");
			}
		}
		return (Map<String, Map<String, Object>>) value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> objectOrEmpty(@Nullable Object value) {
		return (value instanceof Map) ? (Map<String, Object>) value : new LinkedHashMap<>();
	}

	/** The fields read from one payload, before they are checked and turned into a packet. */
	private static final class Fields {

		final PacketType type;

		@Nullable String ver;

		@Nullable String sender;

		@Nullable String id;

		@Nullable String action;

		@Nullable String event;

		@Nullable Object params;

		@Nullable Object data;

		@Nullable Map<String, Object> meta;

		@Nullable Map<String, Object> headers;

		@Nullable Map<String, Object> error;

		@Nullable Number timeout;

		@Nullable Number level;

		@Nullable Boolean tracing;

		@Nullable String parentID;

		@Nullable String requestID;

		@Nullable String caller;

		@Nullable Boolean stream;

		@Nullable Number seq;

		@Nullable Boolean success;

		@Nullable List<String> groups;

		@Nullable Boolean broadcast;

		@Nullable Number time;

		@Nullable Number arrived;

		@Nullable Number cpu;

		@Nullable List<ServiceInfo> services;

		@Nullable List<String> ipList;

		@Nullable String hostname;

		@Nullable Map<String, Object> client;

		@Nullable Map<String, Object> config;

		@Nullable String instanceID;

		@Nullable Map<String, Object> metadata;

		Fields(PacketType type) {
			this.type = type;
		}

		InvalidPacketDataError invalid(String reason) {
			return new InvalidPacketDataError(this.type.name(), this.sender, reason);
		}

		private String required(@Nullable String value, String name) {
			if (value == null || value.isEmpty()) {
				throw invalid("'" + name + "' is missing");
			}
			return value;
		}

		private Map<String, Object> metaOrEmpty() {
			return (this.meta != null) ? this.meta : new LinkedHashMap<>();
		}

		private int intOr(@Nullable Number value, String name, int fallback) {
			if (value == null) {
				return fallback;
			}
			if (value instanceof Double || value.longValue() > Integer.MAX_VALUE
					|| value.longValue() < Integer.MIN_VALUE) {
				throw invalid("'" + name + "' must be an integer");
			}
			return value.intValue();
		}

		private long longOf(@Nullable Number value, String name) {
			if (value == null) {
				throw invalid("'" + name + "' is missing");
			}
			return value.longValue();
		}

		Packet build() {
			String v = required(this.ver, "ver");
			String s = required(this.sender, "sender");
			return switch (this.type) {
				case DISCOVER -> new DiscoverPacket(v, s);
				case DISCONNECT -> new DisconnectPacket(v, s);
				case HEARTBEAT -> new HeartbeatPacket((this.cpu != null) ? (int) Math.round(this.cpu.doubleValue()) : null,
						(this.seq != null) ? this.seq.longValue() : null, this.instanceID, v, s);
				case PING -> new PingPacket(longOf(this.time, "time"), required(this.id, "id"), v, s);
				case PONG -> new PongPacket(longOf(this.time, "time"), required(this.id, "id"),
						longOf(this.arrived, "arrived"), v, s);
				case INFO -> {
					if (this.services == null) {
						throw invalid("'services' is missing");
					}
					yield new InfoPacket(this.services, this.ipList, this.hostname, this.client, this.config,
							this.instanceID, this.metadata, (this.seq != null) ? this.seq.longValue() : null, v, s);
				}
				case REQUEST -> {
					String reqId = required(this.id, "id");
					double t = (this.timeout != null) ? this.timeout.doubleValue() : 0;
					if (Double.isNaN(t) || t < 0) {
						throw invalid("'timeout' must be a non-negative number");
					}
					yield new RequestPacket(reqId, required(this.action, "action"),
							(this.params != null) ? this.params : Packets.ABSENT, metaOrEmpty(), this.headers, t,
							intOr(this.level, "level", 1), this.tracing, this.parentID,
							(this.requestID != null) ? this.requestID : reqId, this.caller, this.stream,
							(this.seq != null) ? intOr(this.seq, "seq", 0) : null, v, s);
				}
				case RESPONSE -> {
					if (this.success == null) {
						throw invalid("'success' is missing");
					}
					yield new ResponsePacket(required(this.id, "id"), metaOrEmpty(), this.headers, this.success,
							(this.data != null) ? this.data : Packets.ABSENT, this.error, this.stream,
							(this.seq != null) ? intOr(this.seq, "seq", 0) : null, v, s);
				}
				case EVENT -> new EventPacket((this.id != null) ? this.id : "", required(this.event, "event"),
						(this.data != null) ? this.data : Packets.ABSENT, this.groups,
						Boolean.TRUE.equals(this.broadcast), metaOrEmpty(), this.headers,
						intOr(this.level, "level", 1), this.tracing, this.parentID, this.requestID, this.caller, v, s);
			};
		}

	}

}
