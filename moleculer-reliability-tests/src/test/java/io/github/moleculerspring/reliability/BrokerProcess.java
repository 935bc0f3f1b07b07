package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.moleculerspring.test.ChildJvm;

/**
 * A broker in a child JVM ({@link ReplicaMain}) that can really be killed: SIGKILL
 * ({@link #kill()}), SIGTERM ({@link #terminate()}), SIGSTOP/SIGCONT ({@link #suspend()},
 * {@link #resume()}). Its output is kept (and echoed with a prefix) so tests can assert on logs.
 * The process itself is a {@link ChildJvm}.
 */
final class BrokerProcess implements AutoCloseable {

	private final String nodeID;

	private final ChildJvm process;

	private BrokerProcess(String nodeID, ChildJvm process) {
		this.nodeID = nodeID;
		this.process = process;
	}

	/**
	 * Launches a replica; does not wait for it (see {@link #awaitReady()}).
	 * @param nodeID the node ID
	 * @param urls the NATS URLs, comma-separated
	 * @param settings {@code key=value} settings of {@link ReplicaMain}
	 * @return the process
	 */
	static BrokerProcess launch(String nodeID, String urls, String... settings) {
		List<String> arguments = new ArrayList<>(List.of(nodeID, urls));
		arguments.addAll(List.of(settings));
		return new BrokerProcess(nodeID, ChildJvm.launch(nodeID,
				List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dtests.log.level=INFO"),
				ReplicaMain.class, arguments));
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

	/** Waits (at most 60 s) until the child printed {@code READY}. */
	BrokerProcess awaitReady() {
		this.process.awaitLine("READY " + this.nodeID, Duration.ofSeconds(60));
		return this;
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
		return this.process.output();
	}

	/** SIGKILL, and waits until the process is gone. */
	void kill() {
		this.process.kill();
	}

	/**
	 * SIGTERM: the child's shutdown hook stops the broker gracefully. Waits until it exited.
	 * @return the exit code
	 */
	int terminate() {
		return this.process.terminate(Duration.ofSeconds(30));
	}

	/** SIGSTOP: the process is frozen (a starved CPU, a long GC pause). */
	void suspend() {
		this.process.signal("STOP");
	}

	/** SIGCONT. */
	void resume() {
		this.process.signal("CONT");
	}

	@Override
	public void close() {
		this.process.close();
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
