package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names, through {@link StorageKeys} and as raw keys: nothing may ever land outside the root, and a
 * rejected raw key gets an {@link IllegalArgumentException} that says what is wrong with it.
 */
class FileStorageHostileKeysTest {

    private static final List<String> HOSTILE_NAMES = List.of("../../etc/passwd", "a/b", "a\u0000b", "x".repeat(500),
            "..", ".", "UPPER.Example.COM", "bücher.example", "*.bücher.example", "a\\b", "..\\..\\windows",
            "/etc/passwd", "C:\\boot.ini", "%2e%2e%2f", " spaced name ", "name\nwith\rnewlines", "…",
            "ü".repeat(300));

    @TempDir
    Path temp;

    private Path root;
    private FileStorage storage;

    @BeforeEach
    void createStorage() {
        root = temp.resolve("root");
        storage = FileStorage.builder(root).build();
    }

    @AfterEach
    void closeStorage() throws Exception {
        storage.close();
    }

    @Test
    void hostileNamesThroughStorageKeysStayBelowTheRoot() throws Exception {
        List<Function<String, String>> builders = List.of(
                n -> StorageKeys.siteCertificate("ca", n),
                n -> StorageKeys.siteMetadata(StorageKeys.safe(n), "example.com"),
                n -> StorageKeys.userRegistration("ca", n),
                n -> StorageKeys.lock(n),
                n -> StorageKeys.challengeTokens("ca", n),
                n -> StorageKeys.challengeTokens(n, "example.com"),
                // The staple key makes "<name>-<hash>" safe as a whole, so even ".." leaves "-hash".
                n -> StorageKeys.ocspStaple(n, "hash"));
        List<String> unusable = List.of("..", ".", "…", "ü".repeat(300));
        int stored = 0;
        for (String name : HOSTILE_NAMES) {
            for (Function<String, String> builder : builders) {
                if (unusable.contains(name) && builder != builders.get(builders.size() - 1)) {
                    assertThatThrownBy(() -> builder.apply(name)).as("%.20s", name)
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("no usable storage name");
                    continue;
                }
                String key = builder.apply(name);
                assertThat(root.resolve(key).normalize()).as(key).startsWithRaw(root);
                storage.store(key, name.getBytes(StandardCharsets.UTF_8));
                assertThat(storage.load(key)).isEqualTo(name.getBytes(StandardCharsets.UTF_8));
                stored++;
            }
        }

        assertThat(stored).isEqualTo((HOSTILE_NAMES.size() - unusable.size()) * builders.size() + unusable.size());
        assertThat(filesOutsideRoot()).isEmpty();
    }

    @Test
    void rawKeysThatWouldEscapeOrAreMalformedAreRejectedWithTheReason() {
        assertRejected("../../etc/passwd", "'..' segment");
        assertRejected("a/../../b", "'..' segment");
        assertRejected("..", "'..' segment");
        assertRejected(".", "'.' segment");
        assertRejected("a/./b", "'.' segment");
        assertRejected("/etc/passwd", "absolute");
        assertRejected("a\\b", "backslash");
        assertRejected("..\\..\\x", "backslash");
        assertRejected("a\u0000b", "NUL");
        assertRejected("a\nb", "control character");
        assertRejected("a//b", "empty segment");
        assertRejected("a/", "empty segment");
        assertRejected("", "must not be empty");
        assertRejected("x".repeat(500), "longer than 255 bytes");
        assertRejected("C:/windows", "drive");
        assertRejected("a/.certmagic~tmp~0000", "reserved for temporary files");
    }

    @Test
    void rejectedRawKeysAreRejectedByEveryOperationBeforeTouchingTheDisk() {
        for (String key : List.of("../outside", "/abs", "a\u0000b")) {
            assertThatThrownBy(() -> storage.store(key, new byte[1])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.load(key)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.exists(key)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.stat(key)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.list(key, true)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void deleteOfTheEmptyKeyCannotWipeTheStore() throws Exception {
        storage.store("precious", new byte[] {1});

        assertThatThrownBy(() -> storage.delete("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.load("precious")).containsExactly(1);
    }

    @Test
    void unusualButHarmlessRawKeysAreStoredBelowTheRoot() throws Exception {
        List<String> keys = List.of("UPPER/Case.KEY", "bücher.example/cert.crt", "a/" + "y".repeat(255),
                "...hidden/x", "a/b/c/d/e/f/g/h", "x".repeat(200) + "/" + "z".repeat(200) + "/v",
                "with space/and:colon");
        for (String key : keys) {
            storage.store(key, key.getBytes(StandardCharsets.UTF_8));

            Path file = root.resolve(key).normalize();
            assertThat(file).as(key).startsWithRaw(root).isRegularFile();
            assertThat(storage.load(key)).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(filesOutsideRoot()).isEmpty();
    }

    private void assertRejected(String key, String reason) {
        assertThatThrownBy(() -> storage.store(key, new byte[1]))
                .as("key %s", key)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    private List<Path> filesOutsideRoot() throws Exception {
        try (Stream<Path> all = Files.walk(temp)) {
            return all.filter(p -> !p.startsWith(root) && !p.equals(temp)).toList();
        }
    }
}
