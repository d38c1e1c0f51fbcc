package dev.certmagic.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process started by the harness: its output goes to a log file, and it is stopped by its PID on
 * {@link #close()} or, if the JVM exits first, by a shutdown hook.
 */
final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private ManagedProcess(String name, Process process, Path log, Thread shutdownHook) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = shutdownHook;
    }

    static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(log.getParent().toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Thread hook = new Thread(() -> process.destroyForcibly(), "stop-" + name + "-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        return new ManagedProcess(name, process, log, hook);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Returns the last lines of the output, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    String describe() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exited "
                + process.exitValue()) + "), log " + log + ":" + System.lineSeparator() + tail(30);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or will run; the process is already stopped.
        }
    }
}
