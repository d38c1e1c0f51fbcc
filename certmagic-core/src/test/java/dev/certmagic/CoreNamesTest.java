package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The core is framework-free: its messages and Javadoc name builder methods ({@code agreed(true)}), never the
 * Spring properties ({@code certmagic.agreed}) an integration maps them to.
 */
class CoreNamesTest {

    /** A {@code certmagic.} property name; package names ({@code dev.certmagic.x}) do not match. */
    private static final Pattern PROPERTY = Pattern.compile("(?<![\\w.])certmagic\\.[a-z]");

    @Test
    void noMainSourceNamesACertmagicProperty() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (PROPERTY.matcher(lines.get(i)).find()) {
                        offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
