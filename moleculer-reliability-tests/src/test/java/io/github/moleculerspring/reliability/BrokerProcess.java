package io.github.moleculerspring.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child JVM ({@link ReplicaMain}) that can really be killed: SIGKILL
 * ({@link #kill()}), SIGTERM ({@link #terminate()}), SIGSTOP/SIGCONT ({@link #suspend()},
 * {@link #resume()}). Its output is kept (and echoed with a prefix) so tests can assert on logs.
 */
final class BrokerProcess implements AutoCloseable {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
	}

	private final String nodeID;

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final Thread pump;

	private BrokerProcess(String nodeID, Process process) {
		this.nodeID = nodeID;
		this.process = process;
		this.pump = new Thread(this::pump, "output-" + nodeID);
		this.pump.setDaemon(true);
		this.pump.start();
	}

	/**
	 * Launches a replica; does not wait for it (see {@link #awaitReady()}).
	 * @param nodeID the node ID
	 * @param urls the NATS URLs, comma-separated
	 * @param settings {@code key=value} settings of {@link ReplicaMain}
	 * @return the process
	 */
	static BrokerProcess launch(String nodeID, String urls, String... settings) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx96m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-XX:+UseSerialGC");
		command.add("-Dmoleculer.test.log.level=INFO");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ReplicaMain.class.getName());
		command.add(nodeID);
		command.add(urls);
		command.addAll(List.of(settings));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			running.add(process);
			return new BrokerProcess(nodeID, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Launches replicas in parallel and waits until all are started. */
	static List<BrokerProcess> launchAll(List<String> nodeIDs, String urls, String... settings) {
		List<BrokerProcess> processes = new ArrayList<>();
		for (String nodeID : nodeIDs) {
			processes.add(launch(nodeID, urls, settings));
		}
		processes.forEach(BrokerProcess::awaitReady);
		return processes;
	}

	private void pump() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.output.add(line);
				System.out.println("[" + this.nodeID + "] " + line);
			}
		}
		catch (IOException ex) {
			// The process is gone.
		}
	}

	/** Waits (at most 60 s) until the child printed {@code READY}. */
	BrokerProcess awaitReady() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (this.output.contains("READY " + this.nodeID)) {
				return this;
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Replica " + this.nodeID + " exited with " + this.process.exitValue()
						+ ": " + this.output);
			}
			sleep(20);
		}
		throw new IllegalStateException("Replica " + this.nodeID + " did not start: " + this.output);
	}

	String nodeID() {
		return this.nodeID;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	List<String> output() {
		return List.copyOf(this.output);
	}

	/** SIGKILL, and waits until the process is gone. */
	void kill() {
		this.process.destroyForcibly();
		waitFor(10);
		running.remove(this.process);
	}

	/**
	 * SIGTERM: the child's shutdown hook stops the broker gracefully. Waits until it exited.
	 * @return the exit code
	 */
	int terminate() {
		// Not Process.destroy(): it also closes the pipes, and the child's last words would be lost.
		signal("TERM");
		int code = waitFor(30);
		running.remove(this.process);
		return code;
	}

	/** SIGSTOP: the process is frozen (a starved CPU, a long GC pause). */
	void suspend() {
		signal("STOP");
	}

	/** SIGCONT. */
	void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS)) {
				kill.destroyForcibly();
				throw new IllegalStateException("kill -" + name + " did not end within 10 s");
			}
			int code = kill.exitValue();
			if (code != 0) {
				throw new IllegalStateException("kill -" + name + " failed: " + code);
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

	private int waitFor(int seconds) {
		try {
			if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
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

	@Override
	public void close() {
		if (this.process.isAlive()) {
			resume();
			this.process.destroyForcibly();
			waitFor(10);
		}
		running.remove(this.process);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
