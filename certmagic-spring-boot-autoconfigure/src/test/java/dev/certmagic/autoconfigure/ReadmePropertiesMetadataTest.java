package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * The README and the configuration metadata (what IDEs complete and describe) tell the same story: every property
 * a README table documents, and every {@code management.*} switch of ours the README names, is in the generated
 * {@code META-INF/spring-configuration-metadata.json} (which merges {@code additional-spring-configuration-metadata
 * .json}) with a description; and every {@code certmagic.*} property there is documented in the README (a table row,
 * or named in its text). Issue 18 found two
 * switches documented but missing from the metadata; this keeps it from happening again.
 */
class ReadmePropertiesMetadataTest {

    private static final Path README = Path.of("../README.md");

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    /** A README table of properties starts with this header. */
    private static final String PROPERTY_TABLE = "| property | default | meaning |";

    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");

    /** Our switches under {@code management.*}, named in the README's text rather than its tables. */
    private static final Pattern OUR_MANAGEMENT = Pattern.compile(
            "`(management\\.(?:info\\.certmagic|health\\.certificates|endpoint\\.certificates)[a-z0-9.-]*)");

    @Test
    void everyDocumentedPropertyIsInTheMetadataWithADescription() throws IOException {
        Map<String, String> metadata = metadataDescriptions();
        List<String> missing = new ArrayList<>();
        for (String property : documentedProperties(metadata.keySet())) {
            String description = metadata.get(property);
            if (description == null || description.isBlank()) {
                missing.add(property);
            }
        }
        assertThat(missing).as("README properties absent from the metadata, or without a description").isEmpty();
        assertThat(metadata).as("descriptions are plain text, as IDEs show them").allSatisfy((name, description) ->
                assertThat(description).doesNotContain("{@"));
    }

    @Test
    void everyCertmagicPropertyInTheMetadataHasAReadmeRow() throws IOException {
        Map<String, String> metadata = metadataDescriptions();
        Set<String> documented = documentedProperties(metadata.keySet());
        documented.addAll(mentioned());
        List<String> undocumented = metadata.keySet().stream().filter(name -> name.startsWith("certmagic."))
                .filter(name -> !documented.contains(name)).toList();
        assertThat(undocumented).as("certmagic.* properties neither in a README table nor named in its text")
                .isEmpty();
    }

    @Test
    void theTwoSwitchesIssue18FoundMissingAndTheWindowRatioDefaultAreThere() throws IOException {
        String metadata = Files.readString(METADATA);
        Map<String, String> descriptions = metadataDescriptions();
        assertThat(descriptions).containsKeys("management.info.certmagic.enabled",
                "management.health.certificates.enabled");
        JSON windowRatio = properties(metadata).stream()
                .filter(property -> property.get("name").asString().equals("certmagic.renewal.window-ratio"))
                .findFirst().orElseThrow();
        assertThat(((Number) windowRatio.toMap().get("defaultValue")).doubleValue()).isCloseTo(1.0 / 3.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * The properties the README documents: the first column of its property tables, where a name starting with a
     * dot continues the last full name ({@code `certmagic.http.port`, `.redirect`}), indexed forms
     * ({@code [i]}, {@code [<url>]}) stand for the list or map property, and {@code .*} rows are skipped (their
     * members are documented in their own section); plus our {@code management.*} switches named in the text.
     */
    private static Set<String> documentedProperties(Set<String> known) throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith(PROPERTY_TABLE)) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            String firstColumn = line.substring(1, line.indexOf('|', 1));
            String last = null;
            Matcher code = CODE.matcher(firstColumn);
            while (code.find()) {
                String name = code.group(1);
                if (name.endsWith(".*")) {
                    continue;
                }
                if (name.contains("[")) {
                    // A list or map property; its element's fields (`.private-key`) are not metadata entries.
                    documented.add(name.substring(0, name.indexOf('[')));
                    last = null;
                    continue;
                }
                if (name.startsWith(".")) {
                    if (last == null) {
                        continue;
                    }
                    name = continued(last, name, known);
                } else {
                    last = name;
                }
                documented.add(name);
            }
        }
        Matcher management = OUR_MANAGEMENT.matcher(Files.readString(README));
        while (management.find()) {
            documented.add(management.group(1).replaceAll("\\.$", ""));
        }
        return documented;
    }

    /** {@code .tls-alpn.enabled} after {@code certmagic.challenges.http.enabled}: the nearest parent that knows it. */
    private static String continued(String last, String suffix, Set<String> known) {
        String parent = last;
        while (parent.contains(".")) {
            parent = parent.substring(0, parent.lastIndexOf('.'));
            if (known.contains(parent + suffix)) {
                return parent + suffix;
            }
        }
        return last.substring(0, last.lastIndexOf('.')) + suffix; // reported as missing under the nearest parent
    }

    /** Every name the README writes in backticks, a value ({@code name=value}) cut off. */
    private static Set<String> mentioned() throws IOException {
        Set<String> mentioned = new LinkedHashSet<>();
        Matcher code = CODE.matcher(Files.readString(README));
        while (code.find()) {
            mentioned.add(code.group(1).replaceAll("=.*$", ""));
        }
        return mentioned;
    }

    private static Map<String, String> metadataDescriptions() throws IOException {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (JSON property : properties(Files.readString(METADATA))) {
            descriptions.put(property.get("name").asString(), property.get("description").optional()
                    .map(JSON.Value::asString).orElse(""));
        }
        return descriptions;
    }

    private static List<JSON> properties(String metadata) {
        List<JSON> properties = new ArrayList<>();
        JSON.parse(metadata).get("properties").asArray().forEach(value -> properties.add(value.asObject()));
        return properties;
    }
}
