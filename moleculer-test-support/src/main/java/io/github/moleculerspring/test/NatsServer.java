package io.github.moleculerspring.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A {@code nats-server} child process on a free port, for tests: started, stopped (or SIGKILLed)
 * and restarted on the same port, killed at JVM exit at the latest. The binary comes from {@link Tools#natsServer()}.
 */
public final class NatsServer implements AutoCloseable {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
	}

	private final int port;

	private final List<String> arguments;

	private final Path directory;

	private @Nullable Process process;

	private NatsServer(int port, List<String> arguments, Path directory) {
		this.port = port;
		this.arguments = arguments;
		this.directory = directory;
	}

	/**
	 * Starts a server on a free port and waits until it accepts connections.
	 * @param config configuration file text (for settings without a command-line flag, such as
	 * {@code max_payload}), or {@code null}
	 * @param extraArguments more command-line arguments ({@code --user}, {@code --tls}, ...)
	 * @return the started server
	 */
	public static NatsServer launch(@Nullable String config, String... extraArguments) {
		try {
			Path directory = Files.createTempDirectory("nats-server-test");
			directory.toFile().deleteOnExit();
			List<String> arguments = new ArrayList<>(List.of("-a", "127.0.0.1"));
			if (config != null) {
				Path file = directory.resolve("nats.conf");
				Files.writeString(file, config);
				file.toFile().deleteOnExit();
				arguments.add("-c");
				arguments.add(file.toString());
			}
			arguments.addAll(List.of(extraArguments));
			NatsServer server = new NatsServer(freePort(), arguments, directory);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts a plain server. */
	public static NatsServer launch() {
		return launch(null);
	}

	/**
	 * A port that nothing listens on now, but later may be.
	 */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A server to be started later with {@link #start()} on a port chosen now.
	 * @return the server, not running
	 */
	public static NatsServer prepare() {
		try {
			Path directory = Files.createTempDirectory("nats-server-test");
			directory.toFile().deleteOnExit();
			return new NatsServer(freePort(), new ArrayList<>(List.of("-a", "127.0.0.1")), directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/**
	 * Pauses ({@code SIGSTOP}) or resumes ({@code SIGCONT}) the running server, so a test can see a
	 * server that accepts no more bytes without the connection closing.
	 * @param paused whether to pause
	 */
	public synchronized void pause(boolean paused) {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			throw new IllegalStateException("The server is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", String.valueOf(current.pid()))
				.inheritIO()
				.start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill " + (paused ? "-STOP" : "-CONT") + " failed");
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

	/** {@code nats://127.0.0.1:<port>}. */
	public String url() {
		return "nats://127.0.0.1:" + this.port;
	}

	/** Starts (again, on the same port) and waits until the server accepts connections. */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		List<String> command = new ArrayList<>();
		command.add(binary());
		command.add("-p");
		command.add(String.valueOf(this.port));
		command.addAll(this.arguments);
		File log = this.directory.resolve("nats-server.log").toFile();
		log.deleteOnExit();
		try {
			Process started = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
			this.process = started;
			running.add(started);
			awaitReady(started, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady(Process started, File log) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (!started.isAlive()) {
				throw new IllegalStateException("nats-server exited with " + started.exitValue() + ": " + readLog(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
				socket.setSoTimeout(2000);
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
				String line = reader.readLine();
				if (line != null && line.startsWith("INFO")) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("nats-server did not accept connections on port " + this.port + ": "
				+ readLog(log));
	}

	private static String readLog(File log) {
		try {
			return Files.readString(log.toPath());
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** Stops the server (SIGTERM, then SIGKILL) and waits until it has exited. */
	public synchronized void stop() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		this.process = null;
		current.destroy();
		try {
			if (!current.waitFor(10, TimeUnit.SECONDS)) {
				current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		running.remove(current);
	}

	/**
	 * Kills the server with SIGKILL, a crash: no goodbye to its clients, whose connections the kernel
	 * closes. Waits until it has exited; {@link #start()} starts it again on the same port.
	 * @return the exit value, {@code 128 + 9} for a process that SIGKILL ended
	 */
	public synchronized int kill() {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException("nats-server on port " + this.port + " is not running");
		}
		this.process = null;
		current.destroyForcibly();
		try {
			if (!current.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("nats-server on port " + this.port + " survived SIGKILL for 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		running.remove(current);
		return current.exitValue();
	}

	/** This server's temporary directory (for certificates, keys). */
	public Path directory() {
		return this.directory;
	}

	@Override
	public void close() {
		stop();
	}

	static String binary() {
		return Tools.natsServer().toString();
	}

}
