package io.github.moleculerspring.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the packets captured from real Moleculer.js nodes, copied into this module's test resources
 * ({@code moleculer-protocol/vectors}); {@code MANIFEST.txt} there lists every file.
 */
public final class ProtocolVectors {

	/** Classpath folder of the vectors. */
	public static final String ROOT = "moleculer-protocol/vectors/";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private ProtocolVectors() {
	}

	/** Every file the manifest lists, as {@code folder/name.json}. */
	public static List<String> manifest() {
		String text = new String(read("MANIFEST.txt"), StandardCharsets.UTF_8);
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	/** Every captured packet of a version folder ({@code v4}, {@code v5}, {@code mixed}). */
	public static List<Captured> packets(String folder) {
		List<Captured> result = new ArrayList<>();
		for (String file : manifest()) {
			if (!file.startsWith(folder + "/")) {
				continue;
			}
			JsonNode array = MAPPER.readTree(read(file));
			int index = 0;
			for (JsonNode item : array) {
				result.add(new Captured(file + "#" + index++, item.get("subject").asString(), item.get("payload")));
			}
		}
		return result;
	}

	/** The bytes of one vectors file; fails naming the file when it is not on the classpath. */
	public static byte[] read(String file) {
		try (InputStream in = ProtocolVectors.class.getClassLoader().getResourceAsStream(ROOT + file)) {
			if (in == null) {
				throw new IllegalStateException("Protocol vector " + ROOT + file
						+ " is missing from the test resources of moleculer-core");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One captured packet.
	 * @param name file and index
	 * @param subject the NATS subject
	 * @param payload the JSON payload
	 */
	public record Captured(String name, String subject, JsonNode payload) {

		public byte[] bytes() {
			return MAPPER.writeValueAsBytes(this.payload);
		}

		@Override
		public String toString() {
			return this.name + " " + this.subject;
		}

	}

}
