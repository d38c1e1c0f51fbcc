package dev.certmagic.storage;

import java.nio.file.Path;

/**
 * Child process of {@link FileStorageCrashSafetyTest}: stores framed values under a few keys in an endless loop
 * until it is killed. Prints {@code ready} once the first value is stored.
 *
 * <p>Arguments: storage root, key prefix, number of keys, first sequence number.
 */
public final class CrashWriterMain {

    private CrashWriterMain() {
    }

    /**
     * Writes until killed; see the class comment for the arguments.
     *
     * @param args the arguments
     * @throws Exception if storage fails, which ends the child with a stack trace on its stderr
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String prefix = args[1];
        int keys = Integer.parseInt(args[2]);
        long sequence = Long.parseLong(args[3]);
        try (FileStorage storage = FileStorage.builder(root).build()) {
            storage.store(prefix + "/k0", FramedValue.of(sequence));
            System.out.println("ready");
            System.out.flush();
            for (long i = 1; ; i++) {
                storage.store(prefix + "/k" + (i % keys), FramedValue.of(sequence + i));
            }
        }
    }
}
