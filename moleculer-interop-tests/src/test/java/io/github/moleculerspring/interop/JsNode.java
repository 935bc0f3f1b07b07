package io.github.moleculerspring.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.test.Tools;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Moleculer.js node ({@code src/test/js/interop-node.js}) running in its own {@code node}
 * process, with the Moleculer version installed from the npm registry (pinned in
 * {@code package.json} and its lock file).
 */
public final class JsNode implements AutoCloseable {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final String nodeID;

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private JsNode(String nodeID, Process process) {
		this.nodeID = nodeID;
		this.process = process;
		Thread reader = new Thread(this::readOutput, "js-node-" + nodeID);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts a node and waits until it reports it has started.
	 * @param config the node's configuration (see interop-node.js)
	 * @return the running node
	 * @throws Exception when it does not start in time
	 */
	public static JsNode start(Map<String, Object> config) throws Exception {
		Path dir = jsDirectory();
		List<String> command = new ArrayList<>();
		command.add(Tools.node().toString());
		command.add("interop-node.js");
		command.add(MAPPER.writeValueAsString(config));
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
		JsNode node = new JsNode(String.valueOf(config.get("nodeID")), builder.start());
		try {
			node.ready.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			node.kill();
			throw new IllegalStateException("Moleculer.js node '" + node.nodeID + "' did not start:\n"
					+ String.join("\n", node.output), ex);
		}
		return node;
	}

	/**
	 * The folder with package.json and the node scripts, with its npm packages installed from the
	 * lock file ({@code npm ci}, done once per lock file).
	 */
	public static Path jsDirectory() {
		Path dir = Tools.projectRoot().resolve(Paths.get("moleculer-interop-tests", "src", "test", "js"));
		if (!Files.isRegularFile(dir.resolve("package-lock.json"))) {
			throw new IllegalStateException("No package-lock.json in " + dir);
		}
		Tools.npmCi(dir);
		return dir;
	}

	public String nodeID() {
		return this.nodeID;
	}

	/** The protocol version the node announced when it started. */
	public String protocolVersion() {
		String line = this.ready.orTimeout(60, TimeUnit.SECONDS).join();
		return line.substring(line.lastIndexOf(' ') + 1);
	}

	/** What the node printed. */
	public List<String> output() {
		return this.output;
	}

	/** Stops the node gracefully (SIGTERM: INFO without services, then DISCONNECT). */
	public void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	/** Kills the node (SIGKILL: no goodbye, the cluster must notice by itself). */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Waits for the process to end. */
	public boolean waitFor(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			stop();
		}
	}

	private void readOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.output.add(line);
				if (line.startsWith("READY ")) {
					this.ready.complete(line);
				}
				if (Boolean.getBoolean("interop.js.log")) {
					System.out.println("[" + this.nodeID + "] " + line);
				}
			}
		}
		catch (IOException ex) {
			// process ended
		}
		this.ready.completeExceptionally(new IllegalStateException("process ended"));
	}

}
