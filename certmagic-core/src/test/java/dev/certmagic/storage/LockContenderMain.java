package dev.certmagic.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process of {@link FileStorageLockProcessTest}: contends for a lock on command, so that several JVMs can
 * race for the same stale lock. Reads commands from standard input: {@code try} answers {@code won} or
 * {@code lost} ({@code tryLock} with a zero timeout), {@code unlock} answers {@code unlocked}. Prints
 * {@code ready} first.
 *
 * <p>Arguments: storage root, lock name, heartbeat interval in ms, stale bound in ms.
 */
public final class LockContenderMain {

    private LockContenderMain() {
    }

    /**
     * Answers commands until standard input ends; see the class comment for the arguments.
     *
     * @param args the arguments
     * @throws Exception if storage fails, which ends the child with a stack trace on its stderr
     */
    public static void main(String[] args) throws Exception {
        String name = args[1];
        try (FileStorage storage = FileStorage.builder(Path.of(args[0]))
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(args[2])))
                .staleAfter(Duration.ofMillis(Long.parseLong(args[3])))
                .build();
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            System.out.flush();
            for (String command = in.readLine(); command != null; command = in.readLine()) {
                if (command.equals("try")) {
                    System.out.println(storage.tryLock(name, Duration.ZERO) ? "won" : "lost");
                } else if (command.equals("unlock")) {
                    storage.unlock(name);
                    System.out.println("unlocked");
                }
                System.out.flush();
            }
        }
    }
}
