package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What staples on the wire with plain JSSE: the JDK's own {@code status_request} support
 * ({@code jdk.tls.server.enableStatusRequestExtension=true}) fetches a response from the AIA URL by itself and
 * staples it, also with our {@code SniKeyManager}; without the property nothing is stapled. Proved with
 * {@code openssl s_client -status} against a server in a child JVM (JSSE reads the property once per JVM).
 */
class JsseStaplingTest {

    private static final String NAME = "stapled.example.com";

    @TempDir
    Path folder;

    @Test
    void withTheJdkPropertyJsseStaplesAGoodResponseFetchedFromTheAiaUrlAndCachesIt() throws Exception {
        try (Child child = Child.start(folder, List.of(), "-Djdk.tls.server.enableStatusRequestExtension=true")) {
            String first = openssl(child.port, "-tls1_3");
            String second = openssl(child.port, "-tls1_2");

            assertThat(first).contains("OCSP Response Status: successful").contains("Cert Status: good")
                    .contains("TLSv1.3");
            assertThat(second).contains("OCSP Response Status: successful").contains("TLSv1.2");
            assertThat(child.responderRequests()).isEqualTo("1 0");
        }
    }

    @Test
    void jssePointedAtALocalEndpointStaplesTheResponseOurStaplerValidatedWithoutAskingTheCa() throws Exception {
        try (Child child = Child.start(folder, List.of("ours"))) {
            String first = openssl(child.port, "-tls1_3");
            String second = openssl(child.port, "-tls1_2");

            assertThat(first).contains("OCSP Response Status: successful").contains("Cert Status: good");
            assertThat(second).contains("OCSP Response Status: successful");
            assertThat(child.responderRequests()).as("CA responder (our stapler only), local endpoint (JSSE)")
                    .isEqualTo("1 1");
        }
    }

    @Test
    void aManagerWithStaplingOnPointsJsseAtItsEndpointAndStaplesItsOwnValidatedResponse() throws Exception {
        try (Child child = Child.start(folder, List.of("manager"))) {
            String first = openssl(child.port, "-tls1_3");
            String second = openssl(child.port, "-tls1_2");

            assertThat(first).contains("OCSP Response Status: successful").contains("Cert Status: good");
            assertThat(second).contains("OCSP Response Status: successful").contains("Cert Status: good");
            assertThat(child.responderRequests()).as("the CA's responder is asked by the manager only, once")
                    .startsWith("1 ");
        }
    }

    @Test
    void withoutThePropertyJsseStaplesNothingAndAsksNoResponder() throws Exception {
        try (Child child = Child.start(folder, List.of())) {
            String output = openssl(child.port);

            assertThat(output).contains("OCSP response: no response sent").contains("Verify return code");
            assertThat(child.responderRequests()).isEqualTo("0 0");
        }
    }

    private static String openssl(int port, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", NAME, "-status"));
        command.addAll(List.of(options));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError("This test needs the openssl command (apt-get install -y openssl)", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        return new String(output, StandardCharsets.UTF_8);
    }

    /** The server JVM, started with the same java and class path as this test. */
    private static final class Child implements AutoCloseable {

        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final Path stderr;
        private int port;

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Child start(Path folder, List<String> arguments, String... jvmOptions) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"));
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    StaplingServerMain.class.getName(), NAME));
            command.addAll(arguments);
            Path stderr = Files.createTempFile(folder, "child", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            Child child = new Child(process, stderr);
            child.port = Integer.parseInt(child.expect("READY "));
            return child;
        }

        /** Returns "CA-responder-requests local-endpoint-requests". */
        String responderRequests() throws IOException {
            in.write("count\n");
            in.flush();
            return expect("COUNT ");
        }

        private String expect(String prefix) throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith(prefix)) {
                throw new AssertionError("child printed " + line + " instead of " + prefix + "...; stderr:\n"
                        + Files.readString(stderr));
            }
            return line.substring(prefix.length()).trim();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
