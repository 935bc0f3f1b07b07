package io.github.moleculerspring.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and context switches of a process, read from Linux's /proc: user + system time from
 * {@code /proc/<pid>/stat} (fields 14 and 15, in clock ticks of {@code getconf CLK_TCK}), and the
 * voluntary and involuntary context switches summed over {@code /proc/<pid>/task/<tid>/status}
 * (every live thread). The runner samples both processes at the edges of the measured window.
 */
final class ProcSampler {

	private static final long CLOCK_TICKS = clockTicks();

	private ProcSampler() {
	}

	/** Whether /proc can be read here (Linux). */
	static boolean available() {
		return Files.isReadable(Path.of("/proc/self/stat"));
	}

	/**
	 * One reading of a process.
	 * @param pid the process
	 * @return the reading, or null when the process or /proc is gone
	 */
	static Sample sample(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
			// The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			long voluntary = 0;
			long involuntary = 0;
			try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
				for (Path task : tasks) {
					try {
						for (String line : Files.readAllLines(task.resolve("status"), StandardCharsets.US_ASCII)) {
							if (line.startsWith("voluntary_ctxt_switches:")) {
								voluntary += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
							}
							else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
								involuntary += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
							}
						}
					}
					catch (IOException ex) {
						// the thread ended between the listing and the read
					}
				}
			}
			return new Sample(ticks * 1_000_000L / CLOCK_TICKS, voluntary, involuntary);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static long clockTicks() {
		try {
			Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			process.waitFor();
			return Long.parseLong(out);
		}
		catch (IOException | RuntimeException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	/**
	 * A reading.
	 * @param cpuMicros user + system CPU time so far, in microseconds (clock-tick resolution)
	 * @param voluntary voluntary context switches of the live threads
	 * @param involuntary involuntary context switches of the live threads
	 */
	record Sample(long cpuMicros, long voluntary, long involuntary) {

		/** What happened between {@code start} and this reading, per operation. */
		PerCall since(Sample start, long operations) {
			double n = Math.max(1, operations);
			return new PerCall((this.cpuMicros - start.cpuMicros) / n, (this.voluntary - start.voluntary) / n,
					(this.involuntary - start.involuntary) / n);
		}

	}

	/**
	 * A process's cost per call over a measured window.
	 * @param cpuMicros CPU µs per call
	 * @param voluntary voluntary context switches per call
	 * @param involuntary involuntary context switches per call
	 */
	record PerCall(double cpuMicros, double voluntary, double involuntary) {
	}

}
