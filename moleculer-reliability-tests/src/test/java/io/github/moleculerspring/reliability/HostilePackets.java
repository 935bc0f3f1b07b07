package io.github.moleculerspring.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generates malformed and hostile Moleculer packets for a live node {@code victim} and its peer
 * {@code caller}: garbage bytes, truncated JSON, non-object JSON, wrong field types, missing fields,
 * foreign protocol versions and namespaces, huge arrays, deep nesting, oversized strings, numbers out
 * of range, invalid UTF-8, polymorphic type hints, spoofed senders (a bounded set of intruders, and
 * the victim's own ID only on subjects no other node reads), orphan responses and every packet type.
 * Packets that would impersonate a real node to another real node are left out on purpose: the
 * protocol cannot tell them apart (see docs/reliability.md).
 */
final class HostilePackets {

	/** A subject and a payload. */
	record Packet(String subject, byte[] payload, String kind) {
	}

	private static final String[] TYPES = { "REQ", "RES", "EVENT", "INFO", "HEARTBEAT", "PING", "PONG", "DISCOVER",
			"DISCONNECT" };

	private static final String HUGE_ARRAY;

	private static final String DEEP_NESTING;

	private static final String DEEP_OBJECTS;

	private static final String OVERSIZED_STRING;

	static {
		StringBuilder array = new StringBuilder("[");
		for (int i = 0; i < 50_000; i++) {
			array.append(i).append(',');
		}
		array.setLength(array.length() - 1);
		HUGE_ARRAY = array.append(']').toString();
		DEEP_NESTING = "[".repeat(5000) + "]".repeat(5000);
		DEEP_OBJECTS = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
		OVERSIZED_STRING = "\"" + "x".repeat(512 * 1024) + "\"";
	}

	private final Random random;

	HostilePackets(long seed) {
		this.random = new Random(seed);
	}

	Packet next() {
		int kind = this.random.nextInt(20);
		String type = TYPES[this.random.nextInt(TYPES.length)];
		String subject = subject(type);
		return switch (kind) {
			case 0 -> new Packet(subject, garbage(), "garbage");
			case 1 -> {
				byte[] valid = valid(type, sender());
				byte[] cut = java.util.Arrays.copyOf(valid, this.random.nextInt(valid.length));
				yield new Packet(subject, cut, "truncated");
			}
			case 2 -> new Packet(subject, utf8(new String[] { "[]", "\"str\"", "123", "null", "true", "{}", "",
					" ", "[{\"ver\":\"5\"}]" }[this.random.nextInt(9)]), "non-object");
			case 3 -> new Packet(subject, wrongTypes(type), "wrong-types");
			case 4 -> new Packet(subject, missingField(type), "missing-field");
			case 5 -> new Packet(subject, replace(valid(type, sender()), "\"ver\":\"5\"", "\"ver\":" + new String[] {
					"\"4\"", "\"6\"", "5", "null", "[]", "{}", "\"\"", "\"5.0\"" }[this.random.nextInt(8)]),
					"foreign-version");
			case 6 -> new Packet("MOL-evil." + type + (targeted(type) ? ".victim" : ""), valid(type, sender()),
					"foreign-namespace");
			case 7 -> rare(type, HUGE_ARRAY, "huge-array");
			case 8 -> rare(type, this.random.nextBoolean() ? DEEP_NESTING : DEEP_OBJECTS, "deep-nesting");
			case 9 -> rare(type, OVERSIZED_STRING, "oversized-string");
			case 10 -> new Packet(subject, numbers(type), "numbers-out-of-range");
			case 11 -> new Packet(subject, invalidUtf8(type), "invalid-utf8");
			case 12 -> new Packet("MOL.REQ.victim", utf8("{\"id\":\"" + id() + "\",\"action\":\"echo.echo\","
					+ "\"params\":{\"@class\":\"io.github.moleculerspring.reliability.Gadget\",\"x\":[\"java.util.HashMap\","
					+ "{}]},\"meta\":{\"@type\":\"java.lang.ProcessBuilder\"},\"level\":1,\"timeout\":0,"
					+ "\"ver\":\"5\",\"sender\":\"" + sender() + "\"}"), "type-hints");
			case 13 -> new Packet("MOL.REQ.victim", utf8("{\"id\":\"" + id() + "\",\"action\":\""
					+ new String[] { "echo.echo", "echo.hidden", "$node.list", "ghost.x", "", "echo.echo.echo",
							"a".repeat(10_000) }[this.random.nextInt(7)]
					+ "\",\"params\":{\"n\":1},\"meta\":{},\"level\":1,\"timeout\":1000,\"ver\":\"5\",\"sender\":\""
					+ (this.random.nextBoolean() ? sender() : "caller") + "\"}"), "requests");
			case 14 -> new Packet(this.random.nextBoolean() ? "MOL.RES.victim" : "MOL.RES.caller", valid("RES", sender()),
					"orphan-response");
			case 15 -> new Packet("MOL.INFO.victim", utf8("{\"services\":[],\"instanceID\":\"" + id()
					+ "\",\"seq\":1,\"ver\":\"5\",\"sender\":\"victim\"}"), "own-id-info");
			case 16 -> new Packet("MOL.REQB." + new String[] { "echo.echo", "$node.list", "x" }[this.random.nextInt(3)],
					valid("REQ", sender()), "balanced-request");
			case 17 -> new Packet("MOL.EVENTB.echo." + "e" + this.random.nextInt(3), valid("EVENT", sender()),
					"balanced-event");
			default -> new Packet(subject, valid(type, sender()), "well-formed-from-intruder");
		};
	}

	/** Heavy payloads, one time in 200; otherwise a cheap wrong-types packet. */
	private Packet rare(String type, String value, String kind) {
		if (this.random.nextInt(200) != 0) {
			return new Packet(subject(type), wrongTypes(type), "wrong-types");
		}
		String field = switch (type) {
			case "REQ" -> "params";
			case "RES", "EVENT" -> "data";
			case "INFO" -> "services";
			default -> "meta";
		};
		String base = new String(valid(type, sender()), StandardCharsets.UTF_8);
		return new Packet(subject(type), utf8("{\"" + field + "\":" + value + "," + base.substring(1)), kind);
	}

	private String subject(String type) {
		if (targeted(type)) {
			return "MOL." + type + ".victim";
		}
		if (this.random.nextBoolean() && (type.equals("INFO") || type.equals("DISCOVER") || type.equals("PING"))) {
			return "MOL." + type + ".victim";
		}
		return "MOL." + type;
	}

	private static boolean targeted(String type) {
		return type.equals("REQ") || type.equals("RES") || type.equals("EVENT") || type.equals("PONG");
	}

	private String sender() {
		return "intruder-" + this.random.nextInt(50);
	}

	private String id() {
		return Long.toHexString(this.random.nextLong());
	}

	byte[] valid(String type, String sender) {
		String id = id();
		String body = switch (type) {
			case "REQ" -> "{\"id\":\"" + id + "\",\"action\":\"ghost.a\",\"params\":{\"n\":1},\"meta\":{},\"headers\":{},"
					+ "\"timeout\":0,\"level\":1,\"tracing\":null,\"parentID\":null,\"requestID\":\"" + id
					+ "\",\"caller\":null,\"stream\":false,";
			case "RES" -> "{\"id\":\"" + id + "\",\"meta\":{},\"success\":" + this.random.nextBoolean()
					+ ",\"data\":1,\"error\":{\"name\":\"MoleculerError\",\"message\":\"m\",\"code\":500},";
			case "EVENT" -> "{\"id\":\"" + id + "\",\"event\":\"ghost.e\",\"data\":{},\"groups\":[\"echo\"],"
					+ "\"broadcast\":" + this.random.nextBoolean() + ",\"meta\":{},\"level\":1,";
			case "INFO" -> "{\"services\":[{\"name\":\"junk" + this.random.nextInt(5) + "\",\"actions\":{\"junk.a\":"
					+ "{\"name\":\"junk.a\"}},\"events\":{}}],\"instanceID\":\"" + id + "\",\"seq\":"
					+ this.random.nextInt(1000) + ",\"client\":{\"type\":\"evil\"},\"metadata\":{},";
			case "HEARTBEAT" -> "{\"cpu\":" + this.random.nextInt(100) + ",";
			case "PING" -> "{\"time\":" + System.currentTimeMillis() + ",\"id\":\"" + id + "\",";
			case "PONG" -> "{\"time\":1,\"id\":\"" + id + "\",\"arrived\":2,";
			default -> "{";
		};
		return utf8(body + "\"ver\":\"5\",\"sender\":\"" + sender + "\"}");
	}

	private byte[] wrongTypes(String type) {
		String[] wrong = { "[1]", "{\"x\":1}", "true", "1.5", "\"text\"", "null", "-1" };
		String body = new String(valid(type, sender()), StandardCharsets.UTF_8);
		String[] fields = { "id", "action", "params", "meta", "level", "timeout", "services", "event", "groups",
				"success", "time", "cpu", "seq", "sender", "headers", "broadcast" };
		String field = fields[this.random.nextInt(fields.length)];
		String value = wrong[this.random.nextInt(wrong.length)];
		return utf8(body.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\}|\\[[^\\]]*\\]|[^,}]*)",
				"\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value)));
	}

	private byte[] missingField(String type) {
		String body = new String(valid(type, sender()), StandardCharsets.UTF_8);
		String[] fields = { "id", "action", "ver", "sender", "services", "event", "success", "time" };
		String field = fields[this.random.nextInt(fields.length)];
		return utf8(body.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\}|\\[[^\\]]*\\]|[^,}]*),?", ""));
	}

	private byte[] numbers(String type) {
		String body = new String(valid(type, sender()), StandardCharsets.UTF_8);
		String[] values = { "1e400", "-1e400", "99999999999999999999999999", "-5", "NaN", "1.0e-400", "0x10" };
		String value = values[this.random.nextInt(values.length)];
		return utf8(body.replaceFirst("\"(level|timeout|cpu|seq|time)\":[^,}]*", "\"$1\":" + value)
			.replaceFirst("\\{", "{\"level\":" + value + ","));
	}

	private byte[] invalidUtf8(String type) {
		byte[] valid = valid(type, sender());
		byte[] result = java.util.Arrays.copyOf(valid, valid.length);
		int at = 2 + this.random.nextInt(Math.max(1, result.length - 4));
		result[at] = (byte) (0x80 | this.random.nextInt(0x7f));
		return result;
	}

	private byte[] garbage() {
		byte[] bytes = new byte[1 + this.random.nextInt(300)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] replace(byte[] payload, String from, String to) {
		return utf8(new String(payload, StandardCharsets.UTF_8).replace(from, to));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
