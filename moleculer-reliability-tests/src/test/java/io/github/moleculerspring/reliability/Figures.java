package io.github.moleculerspring.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Prints a scenario's figures line ({@code FIGURES <scenario>: ...}) and appends it to
 * {@code target/reliability-figures.txt}, where docs/reliability.md takes its numbers from.
 */
final class Figures {

	private Figures() {
	}

	static void print(String scenario, String figures) {
		String line = "FIGURES " + scenario + ": " + figures;
		System.out.println(line);
		try {
			Files.writeString(Path.of("target", "reliability-figures.txt"), Instant.now() + " " + line + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Used heap after a few full GCs, in MiB. */
	static long heapAfterGcMib() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
			BrokerProcess.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed() / (1024 * 1024);
	}

}
