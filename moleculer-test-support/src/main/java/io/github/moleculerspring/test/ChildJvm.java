package io.github.moleculerspring.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a child JVM with this JVM's class path, so a test can end it with a real
 * signal: SIGKILL ({@link #kill()}), SIGTERM ({@link #terminate(Duration)}), SIGSTOP/SIGCONT
 * ({@link #signal(String)}). Its output (stdout and stderr) is kept for assertions and echoed with a
 * {@code [name]} prefix; children still running are killed at JVM exit at the latest.
 */
public final class ChildJvm implements AutoCloseable {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
	}

	private final String name;

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final Thread pump;

	private ChildJvm(String name, Process process) {
		this.name = name;
		this.process = process;
		this.pump = new Thread(this::pump, "output-" + name);
		this.pump.setDaemon(true);
		this.pump.start();
	}

	/**
	 * Starts {@code mainClass} in a child JVM; does not wait for it (see {@link #awaitLine}).
	 * @param name the name its output is echoed with
	 * @param jvmOptions options before the class path ({@code -Xmx96m}, {@code -Dkey=value})
	 * @param mainClass the class whose {@code main} runs
	 * @param arguments the program arguments
	 * @return the child
	 */
	public static ChildJvm launch(String name, List<String> jvmOptions, Class<?> mainClass, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			running.add(process);
			return new ChildJvm(name, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void pump() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.output.add(line);
				System.out.println("[" + this.name + "] " + line);
			}
		}
		catch (IOException ex) {
			// The process is gone.
		}
	}

	/**
	 * Waits until the child printed {@code line} (a whole line).
	 * @param line the line, such as {@code READY node-1}
	 * @param timeout the most to wait
	 * @return this child
	 * @throws IllegalStateException when the child exits first or the timeout passes
	 */
	public ChildJvm awaitLine(String line, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.output.contains(line)) {
				return this;
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + " before '"
						+ line + "': " + this.output);
			}
			sleep(20);
		}
		throw new IllegalStateException(this.name + " did not print '" + line + "' within " + timeout + ": "
				+ this.output);
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** What the child printed so far. */
	public List<String> output() {
		return List.copyOf(this.output);
	}

	/**
	 * SIGKILL (a crash: no shutdown hook runs, nothing is said to anyone), and waits until the
	 * process is gone.
	 * @return the exit value, {@code 128 + 9} for a process that SIGKILL ended
	 */
	public int kill() {
		this.process.destroyForcibly();
		int code = waitFor(Duration.ofSeconds(10));
		running.remove(this.process);
		return code;
	}

	/**
	 * SIGTERM: the child's shutdown hooks run. Waits until it exited, SIGKILLs it after
	 * {@code timeout}.
	 * @param timeout how long it may take to stop
	 * @return the exit value
	 */
	public int terminate(Duration timeout) {
		// Not Process.destroy(): it also closes the pipes, and the child's last words would be lost.
		signal("TERM");
		int code = waitFor(timeout);
		running.remove(this.process);
		return code;
	}

	/**
	 * Sends a signal with {@code kill -<name>}.
	 * @param signal the signal name without {@code SIG}: {@code STOP}, {@code CONT}, {@code TERM}
	 */
	public void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS)) {
				kill.destroyForcibly();
				throw new IllegalStateException("kill -" + signal + " did not end within 10 s");
			}
			if (kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " failed: " + kill.exitValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private int waitFor(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			this.pump.join(5000);
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Kills the child if it still runs (SIGKILL also ends a stopped process). */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			waitFor(Duration.ofSeconds(10));
		}
		running.remove(this.process);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
