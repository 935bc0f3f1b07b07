package io.github.moleculerspring.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonGeneratorBase;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the JSON values inside packets (params, data, meta, headers) straight on the
 * streaming parser and generator: the values of the wire are plain (trees, maps, lists, strings,
 * numbers, booleans), and going through data binding for them costs a serialization or
 * deserialization context per value. Anything else (a user's record or bean, a date, a big number)
 * is handed to the application's mapper (through the generator), so its modules and settings still
 * apply; maps and lists are written directly only when the mapper's settings would write them as
 * they are.
 */
final class JsonValues {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final JsonFactory RAW_READS = JsonFactory.builder()
		.recyclerPool(JsonRecyclerPools.threadLocalPool())
		.build();

	private final boolean plainMaps;

	private final boolean plainLists;

	/**
	 * @param mapper the application's mapper, whose settings for maps and lists decide whether they
	 * can be written directly
	 */
	JsonValues(JsonMapper mapper) {
		JsonInclude.Include content = mapper.serializationConfig()
			.getDefaultPropertyInclusion(Map.class)
			.getContentInclusion();
		this.plainMaps = !mapper.isEnabled(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
				&& (content == JsonInclude.Include.ALWAYS || content == JsonInclude.Include.USE_DEFAULTS);
		this.plainLists = !mapper.isEnabled(SerializationFeature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED);
	}

	// ------------------------------------------------------------------ writing

	/**
	 * Writes a value at the generator's current position.
	 * @param gen the generator
	 * @param value the value
	 */
	void write(JsonGenerator gen, @Nullable Object value) {
		if (value == null) {
			gen.writeNull();
		}
		else if (value instanceof String s) {
			gen.writeString(s);
		}
		else if (value instanceof RawJson raw) {
			writeRaw(gen, raw);
		}
		else if (value instanceof JsonNode node) {
			writeTree(gen, node);
		}
		else if (value instanceof Boolean b) {
			gen.writeBoolean(b);
		}
		else if (value instanceof Integer i) {
			gen.writeNumber(i);
		}
		else if (value instanceof Long l) {
			gen.writeNumber(l);
		}
		else if (value instanceof Double d) {
			gen.writeNumber(d);
		}
		else if (value instanceof Map<?, ?> map && this.plainMaps && hasStringKeys(map)) {
			gen.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				gen.writeName((String) entry.getKey());
				write(gen, entry.getValue());
			}
			gen.writeEndObject();
		}
		else if (value instanceof List<?> list && this.plainLists) {
			gen.writeStartArray();
			for (Object item : list) {
				write(gen, item);
			}
			gen.writeEndArray();
		}
		else {
			gen.writePOJO(value);
		}
	}

	/**
	 * Writes a received value back: byte for byte on a JSON generator, re-encoded through a parser
	 * on its bytes on any other format's generator (a binary one of the same streaming API).
	 */
	private static void writeRaw(JsonGenerator gen, RawJson raw) {
		if (gen instanceof JsonGeneratorBase) {
			gen.writeRawValue(new RawJsonText(raw));
			return;
		}
		try (JsonParser p = RAW_READS.createParser(ObjectReadContext.empty(), raw.bytes(), raw.offset(),
				raw.length())) {
			p.nextToken();
			gen.copyCurrentStructure(p);
		}
	}

	private static boolean hasStringKeys(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				return false;
			}
		}
		return true;
	}

	private void writeTree(JsonGenerator gen, JsonNode node) {
		switch (node.getNodeType()) {
			case OBJECT -> {
				gen.writeStartObject();
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					gen.writeName(property.getKey());
					writeTree(gen, property.getValue());
				}
				gen.writeEndObject();
			}
			case ARRAY -> {
				gen.writeStartArray();
				for (JsonNode item : node.values()) {
					writeTree(gen, item);
				}
				gen.writeEndArray();
			}
			case STRING -> gen.writeString(node.stringValue());
			case BOOLEAN -> gen.writeBoolean(node.booleanValue());
			case NULL, MISSING -> gen.writeNull();
			case NUMBER -> {
				Number number = node.numberValue();
				if (number instanceof Integer i) {
					gen.writeNumber(i);
				}
				else if (number instanceof Long l) {
					gen.writeNumber(l);
				}
				else if (number instanceof Double d) {
					gen.writeNumber(d);
				}
				else {
					gen.writeTree(node);
				}
			}
			default -> gen.writeTree(node);
		}
	}

	// ------------------------------------------------------------------ reading

	/**
	 * Parses a received value into a tree.
	 * @param raw the value
	 * @return the tree
	 */
	static JsonNode readTree(RawJson raw) {
		try (JsonParser p = RAW_READS.createParser(ObjectReadContext.empty(), raw.bytes(), raw.offset(),
				raw.length())) {
			p.nextToken();
			return readTree(p);
		}
	}

	/**
	 * Reads the value at the parser's current token as a tree.
	 * @param p the parser, on the value's first token
	 * @return the tree ({@link NullNode} for JSON null)
	 */
	static JsonNode readTree(JsonParser p) {
		JsonToken token = p.currentToken();
		switch (token) {
			case START_OBJECT -> {
				ObjectNode object = NODES.objectNode();
				while (p.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = p.currentName();
					p.nextToken();
					object.set(name, readTree(p));
				}
				return object;
			}
			case START_ARRAY -> {
				ArrayNode array = NODES.arrayNode();
				while (p.nextToken() != JsonToken.END_ARRAY) {
					array.add(readTree(p));
				}
				return array;
			}
			case VALUE_STRING -> {
				return NODES.stringNode(p.getString());
			}
			case VALUE_NUMBER_INT -> {
				return switch (p.getNumberType()) {
					case INT -> NODES.numberNode(p.getIntValue());
					case LONG -> NODES.numberNode(p.getLongValue());
					default -> NODES.numberNode(p.getBigIntegerValue());
				};
			}
			case VALUE_NUMBER_FLOAT -> {
				return NODES.numberNode(p.getDoubleValue());
			}
			case VALUE_TRUE -> {
				return NODES.booleanNode(true);
			}
			case VALUE_FALSE -> {
				return NODES.booleanNode(false);
			}
			case VALUE_NULL -> {
				return NullNode.getInstance();
			}
			default -> {
				return MissingNode.getInstance();
			}
		}
	}

	/**
	 * Reads the object at the parser's current token as a map of plain values.
	 * @param p the parser, on {@code START_OBJECT}
	 * @return the map, in the order of the payload
	 */
	static Map<String, Object> readMap(JsonParser p) {
		Map<String, Object> map = new LinkedHashMap<>();
		while (p.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = p.currentName();
			p.nextToken();
			map.put(name, readValue(p));
		}
		return map;
	}

	private static @Nullable Object readValue(JsonParser p) {
		switch (p.currentToken()) {
			case START_OBJECT -> {
				return readMap(p);
			}
			case START_ARRAY -> {
				List<Object> list = new ArrayList<>();
				while (p.nextToken() != JsonToken.END_ARRAY) {
					list.add(readValue(p));
				}
				return list;
			}
			case VALUE_STRING -> {
				return p.getString();
			}
			case VALUE_NUMBER_INT -> {
				return p.getNumberValue();
			}
			case VALUE_NUMBER_FLOAT -> {
				return p.getDoubleValue();
			}
			case VALUE_TRUE -> {
				return Boolean.TRUE;
			}
			case VALUE_FALSE -> {
				return Boolean.FALSE;
			}
			default -> {
				return null;
			}
		}
	}

}
