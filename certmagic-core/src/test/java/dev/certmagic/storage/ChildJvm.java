package dev.certmagic.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a test main class with the same java binary and class path as the test, so that tests
 * can kill a real process (SIGKILL) at an arbitrary point. Start-up is kept cheap with class data sharing, the
 * C1 compiler only and the serial collector. Standard error goes to a file, shown when the child misbehaves.
 */
final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    static ChildJvm start(Class<?> mainClass, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        ChildJvm child = new ChildJvm(process, stderr);
        Thread reader = new Thread(child::pumpStdout, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    /**
     * Waits for the child's next line of output.
     *
     * @return the line
     * @throws AssertionError if the child printed nothing within {@code timeout} or exited
     */
    String awaitLine(Duration timeout) throws InterruptedException, IOException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || line.equals(EOF)) {
            throw new AssertionError("Child JVM " + process.pid() + (line == null ? " printed nothing within "
                    + timeout : " exited with " + process.waitFor()) + "; its stderr:\n" + stderrText());
        }
        return line;
    }

    /**
     * Sends one line to the child's standard input.
     *
     * @param line the line, without a line break
     */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /**
     * Kills the child with SIGKILL and waits for it to be gone.
     *
     * @return its exit value (128 + 9 for a process killed by SIGKILL)
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Child JVM " + process.pid() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    String stderrText() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }

    /** Kills the child if it still runs, so that no test leaves a process behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pumpStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The child died; EOF below tells the waiting test.
        } finally {
            lines.add(EOF);
        }
    }

    private static String javaBinary() {
        Optional<String> current = ProcessHandle.current().info().command();
        return current.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
