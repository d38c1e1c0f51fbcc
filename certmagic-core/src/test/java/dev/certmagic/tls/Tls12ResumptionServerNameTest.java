package dev.certmagic.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

/**
 * TLS 1.2 resumption against a real JSSE server, driven by the real {@code openssl s_client} (JSSE's own client
 * always resumes under the session's name, so it cannot offer a session under another one): a session made for
 * one name must only resume under that same name, never under another name or an unknown (on-demand) name.
 *
 * <p>Not covered, because JSSE offers no hook for it: a client that resumes without any SNI still resumes (JSSE
 * compares names only when the ClientHello carries one). See {@link ServerNameSessions}.
 */
class Tls12ResumptionServerNameTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Resumption SNI Root").build();
    private static final KeyPair EC = TestKeys.ec();

    private final CertificateCache cache = new CertificateCache(Clock.systemUTC());
    private final Map<String, ChallengeCertificate> challenges = new ConcurrentHashMap<>();

    @TempDir
    Path folder;

    private Path session;

    @BeforeEach
    void serveTwoNamesAndADefault() {
        assumeTrue(opensslAvailable(), "the openssl binary (openssl s_client) is not on the PATH: test skipped");
        cache.add(TestManagedCertificates.issue(CA, EC, true, "a.resume.test"));
        cache.add(TestManagedCertificates.issue(CA, EC, true, "b.resume.test"));
        session = folder.resolve("session.pem");
    }

    @Test
    void sessionResumesUnderTheNameItWasMadeFor() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(new SniKeyManager(cache, challenges::get, null))) {
            assertThat(sClient(server.port(), "a.resume.test", "-sess_out", session.toString())).contains("New,");
            assertThat(sClient(server.port(), "a.resume.test", "-sess_in", session.toString())).contains("Reused,");
        }
    }

    @Test
    void sessionForOneNameDoesNotResumeUnderAnother() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(new SniKeyManager(cache, challenges::get, null))) {
            assertThat(sClient(server.port(), "a.resume.test", "-sess_out", session.toString())).contains("New,");
            String other = sClient(server.port(), "b.resume.test", "-sess_in", session.toString());
            assertThat(other).contains("New,").doesNotContain("Reused,").contains("subject=CN = b.resume.test");
        }
    }

    @Test
    void sessionForOneNameDoesNotResumeUnderAnUnknownName() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(new SniKeyManager(cache, challenges::get, null))) {
            assertThat(sClient(server.port(), "a.resume.test", "-sess_out", session.toString())).contains("New,");
            assertThat(sClient(server.port(), "unknown.resume.test", "-sess_in", session.toString()))
                    .doesNotContain("Reused,");
        }
    }

    private String sClient(int port, String serverName, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-tls1_2", "-connect",
                "127.0.0.1:" + port));
        if (serverName == null) {
            command.add("-noservername");
        } else {
            command.addAll(List.of("-servername", serverName));
        }
        command.addAll(List.of(extra));
        Path output = Files.createTempFile(folder, "s_client", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl s_client did not end within 30 s: " + command);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
