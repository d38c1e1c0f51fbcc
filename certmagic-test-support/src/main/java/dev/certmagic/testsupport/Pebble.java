package dev.certmagic.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * A running Pebble ACME CA and its pebble-challtestsrv DNS server, both on free loopback ports, for tests.
 *
 * <p>Clients reach the CA at {@link #directoryUri()} and must trust {@link #trustPem()} (or use
 * {@link #sslContext()}). Pebble validates HTTP-01 on {@link #httpPort()} and TLS-ALPN-01 on {@link #tlsPort()} of
 * 127.0.0.1: the server under test listens there. Every name resolves to 127.0.0.1 through challtestsrv; TXT
 * records for DNS-01 are set with {@link #setTxt(String, String)}. Issued chains verify against
 * {@link #issuingRoots()}.
 *
 * <p>Usually started by {@link WithPebble}; {@link #start(PebbleSettings)} and {@link #close()} serve other uses.
 */
public final class Pebble implements AutoCloseable {

    private final PebbleSettings settings;
    private final Path workDirectory;
    private final ListenerTrust trust;
    private final int acmePort;
    private final int managementPort;
    private final int httpPort;
    private final int tlsPort;
    private final int dnsPort;
    final int challTestSrvPort;
    final List<ManagedProcess> processes;
    final HttpClient client;
    private final ChallTestSrvClient challTestSrv;
    private volatile List<X509Certificate> roots;

    Pebble(PebbleSettings settings, Path workDirectory, ListenerTrust trust, int[] ports,
            List<ManagedProcess> processes) {
        this.settings = settings;
        this.workDirectory = workDirectory;
        this.trust = trust;
        this.acmePort = ports[0];
        this.managementPort = ports[1];
        this.httpPort = ports[2];
        this.tlsPort = ports[3];
        this.dnsPort = ports[4];
        this.challTestSrvPort = ports[5];
        this.processes = processes;
        this.client = HttpClient.newBuilder().sslContext(trust.sslContext()).connectTimeout(Duration.ofSeconds(5))
                .build();
        this.challTestSrv = new ChallTestSrvClient(HttpClient.newHttpClient(), challTestSrvUri());
    }

    /**
     * Starts pebble-challtestsrv (DNS only) and Pebble on free loopback ports and waits until the directory
     * answers.
     *
     * @param settings the knobs
     * @return the running CA; close it to stop both processes
     * @throws IllegalStateException with install instructions if the binaries are missing, or with the processes'
     *     output if they do not come up in time
     */
    public static Pebble start(PebbleSettings settings) {
        return PebbleLauncher.launch(settings);
    }

    /**
     * Returns the ACME directory URL, {@code https://127.0.0.1:PORT/dir}.
     *
     * @return the directory URL
     */
    public URI directoryUri() {
        return URI.create("https://127.0.0.1:" + acmePort + "/dir");
    }

    /**
     * Returns the ACME directory URL as a string.
     *
     * @return the directory URL
     */
    public String directoryUrl() {
        return directoryUri().toString();
    }

    /**
     * Returns the base URL of Pebble's management API (same TLS trust as the directory).
     *
     * @return e.g. {@code https://127.0.0.1:PORT}
     */
    public URI managementUri() {
        return URI.create("https://127.0.0.1:" + managementPort);
    }

    /**
     * Returns the CA certificate (PEM) that signed the listener certificate of the directory and management API.
     *
     * @return PEM bytes
     */
    public byte[] trustPem() {
        return trust.caPem();
    }

    /**
     * Returns the CA certificate that signed the listener certificate of the directory and management API.
     *
     * @return the certificate
     */
    public X509Certificate trustCertificate() {
        return trust.caCertificate();
    }

    /**
     * Returns a fresh key store (PKCS12, no password) holding only {@link #trustCertificate()}.
     *
     * @return a trust store
     */
    public KeyStore trustStore() {
        return trust.trustStore();
    }

    /**
     * Returns a trust manager that trusts only the listener CA.
     *
     * @return a trust manager
     */
    public X509TrustManager trustManager() {
        return trust.trustManager();
    }

    /**
     * Returns a client SSL context that trusts only the listener CA.
     *
     * @return an initialized SSL context
     */
    public SSLContext sslContext() {
        return trust.sslContext();
    }

    /**
     * Returns Pebble's issuing root certificate(s), fetched from the management API ({@code /roots/0}). Pebble
     * makes a new root on every start, so issued chains verify only against this run's roots.
     *
     * @return the roots
     */
    public List<X509Certificate> issuingRoots() {
        List<X509Certificate> result = roots;
        if (result == null) {
            result = parseCertificates(get(managementUri().resolve("/roots/0")));
            roots = result;
        }
        return result;
    }

    /**
     * Returns the root of one of Pebble's issuance chains: 0 is the default chain, 1..n the alternates configured
     * with {@link WithPebble#alternateRoots()}.
     *
     * @param index the chain's index
     * @return the root certificate(s) of that chain
     */
    public List<X509Certificate> issuingRoots(int index) {
        return parseCertificates(get(managementUri().resolve("/roots/" + index)));
    }

    /**
     * Returns Pebble's intermediate certificate(s) ({@code /intermediates/0}).
     *
     * @return the intermediates
     */
    public List<X509Certificate> intermediates() {
        return parseCertificates(get(managementUri().resolve("/intermediates/0")));
    }

    /**
     * Returns the private key of Pebble's intermediate ({@code /intermediate-keys/0}), e.g. for a test OCSP
     * responder that signs as the issuer of Pebble's certificates. Test use only: Pebble makes a new one on every
     * start.
     *
     * @return the key
     */
    public java.security.PrivateKey intermediateKey() {
        byte[] pem = get(managementUri().resolve("/intermediate-keys/0"));
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(
                new java.io.StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter converter =
                    new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            if (object instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalStateException("Pebble sent no readable intermediate key");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Pebble's intermediate key", e);
        }
    }

    /**
     * Returns the port on 127.0.0.1 where Pebble validates HTTP-01 challenges.
     *
     * @return the port
     */
    public int httpPort() {
        return httpPort;
    }

    /**
     * Returns the port on 127.0.0.1 where Pebble validates TLS-ALPN-01 challenges.
     *
     * @return the port
     */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * Returns the management URL of pebble-challtestsrv (plain HTTP).
     *
     * @return e.g. {@code http://127.0.0.1:PORT}
     */
    public URI challTestSrvUri() {
        return URI.create("http://127.0.0.1:" + challTestSrvPort);
    }

    /**
     * Returns the DNS port of pebble-challtestsrv, which Pebble uses for every lookup.
     *
     * @return the UDP/TCP port on 127.0.0.1
     */
    public int dnsPort() {
        return dnsPort;
    }

    /**
     * Sets a TXT record, e.g. {@code _acme-challenge.example.com.} for DNS-01.
     *
     * @param host the fully qualified record name (a trailing dot is added when missing)
     * @param value the record's value
     */
    public void setTxt(String host, String value) {
        challTestSrv.setTxt(host, value);
    }

    /**
     * Removes all TXT records of a name.
     *
     * @param host the fully qualified record name
     */
    public void clearTxt(String host) {
        challTestSrv.clearTxt(host);
    }

    /**
     * Adds A records for a name (every name already resolves to 127.0.0.1 by default).
     *
     * @param host the name
     * @param addresses IPv4 addresses
     */
    public void addA(String host, String... addresses) {
        challTestSrv.addA(host, addresses);
    }

    /**
     * Returns the settings this CA runs with.
     *
     * @return the settings
     */
    public PebbleSettings settings() {
        return settings;
    }

    /**
     * Returns Pebble's log file (its requests and validations), e.g. to count orders.
     *
     * @return the log file
     */
    public Path pebbleLog() {
        return processes.get(1).log();
    }

    /**
     * Counts lines of Pebble's log that contain {@code text}, such as {@code "POST /order-plz"}.
     *
     * @param text the text to look for
     * @return the number of matching lines
     */
    public long countLogLines(String text) {
        try (Stream<String> lines = Files.lines(pebbleLog(), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the last lines of both processes' output, to explain a failure.
     *
     * @return the output tails
     */
    public String describeProcesses() {
        return processes.stream().map(ManagedProcess::describe)
                .reduce("", (a, b) -> a + System.lineSeparator() + b);
    }

    /**
     * Stops both processes (by PID) and removes the work directory, unless the system property
     * {@code pebble.keepLogs} is {@code true} (then the logs stay for a post-mortem).
     */
    @Override
    public void close() {
        processes.forEach(ManagedProcess::close);
        if (Boolean.getBoolean("pebble.keepLogs")) {
            System.err.println("Pebble logs kept in " + workDirectory);
            return;
        }
        try (Stream<Path> files = Files.walk(workDirectory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp folder is harmless.
        }
    }

    private byte[] get(URI uri) {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static List<X509Certificate> parseCertificates(byte[] pem) {
        try {
            List<X509Certificate> result = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                result.add((X509Certificate) c);
            }
            return List.copyOf(result);
        } catch (CertificateException e) {
            throw new IllegalStateException("Pebble sent no readable certificate", e);
        }
    }
}
