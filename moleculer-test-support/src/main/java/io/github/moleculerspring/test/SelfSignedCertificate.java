package io.github.moleculerspring.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's
 * {@code keytool}, written as PEM files ({@code cert.pem}, {@code key.pem}) that nats-server and
 * Spring SSL bundles read.
 * @param certificate the certificate
 * @param certificateFile the certificate as PEM
 * @param keyFile the private key as PEM (PKCS#8)
 */
public record SelfSignedCertificate(Certificate certificate, Path certificateFile, Path keyFile) {

	/**
	 * Creates a certificate in a directory.
	 * @param directory where to write the PEM files
	 * @return the certificate
	 */
	public static SelfSignedCertificate create(Path directory) {
		try {
			Path keystore = directory.resolve("server.p12");
			String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
			Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "nats", "-keyalg", "RSA", "-keysize",
					"2048", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
					"-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass",
					"changeit")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keystore)) {
				store.load(in, "changeit".toCharArray());
			}
			PrivateKey key = (PrivateKey) store.getKey("nats", "changeit".toCharArray());
			Certificate certificate = store.getCertificate("nats");
			Files.delete(keystore);
			Path keyFile = writePem(directory.resolve("key.pem"), "PRIVATE KEY", key.getEncoded());
			Path certificateFile = writePem(directory.resolve("cert.pem"), "CERTIFICATE", certificate.getEncoded());
			return new SelfSignedCertificate(certificate, certificateFile, keyFile);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An SSL context that trusts only this certificate. */
	public SSLContext trustingContext() {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("nats", this.certificate);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path writePem(Path file, String type, byte[] der) throws IOException {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
		file.toFile().deleteOnExit();
		return file;
	}

}
