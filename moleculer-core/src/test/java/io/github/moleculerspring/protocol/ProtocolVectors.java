package io.github.moleculerspring.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the packets captured from real Moleculer.js nodes in {@code ../shared/moleculer-protocol/vectors}. */
public final class ProtocolVectors {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private ProtocolVectors() {
	}

	/** The vectors directory. */
	public static Path directory() {
		String configured = System.getProperty("moleculer.shared.dir");
		List<Path> candidates = new ArrayList<>();
		if (configured != null) {
			candidates.add(Paths.get(configured, "moleculer-protocol", "vectors"));
		}
		candidates.add(Paths.get("..", "..", "shared", "moleculer-protocol", "vectors"));
		candidates.add(Paths.get("..", "shared", "moleculer-protocol", "vectors"));
		for (Path candidate : candidates) {
			if (Files.isDirectory(candidate)) {
				return candidate.toAbsolutePath().normalize();
			}
		}
		throw new IllegalStateException("Protocol vectors not found; looked in " + candidates
				+ " (set -Dmoleculer.shared.dir to the shared folder)");
	}

	/** Every captured packet of a version folder ({@code v4}, {@code v5}, {@code mixed}). */
	public static List<Captured> packets(String folder) {
		List<Captured> result = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory().resolve(folder))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				JsonNode array = MAPPER.readTree(Files.readAllBytes(file));
				int index = 0;
				for (JsonNode item : array) {
					result.add(new Captured(folder + "/" + file.getFileName() + "#" + index++,
							item.get("subject").asString(), item.get("payload")));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return result;
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
