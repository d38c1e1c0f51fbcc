package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.certmagic.CertificateManagerBuilder;
import dev.certmagic.acme.AcmeIssuerBuilder;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.ondemand.OnDemandPolicy;

/**
 * The one translation between the core's builder names and Spring's property names.
 */
class BuilderSettingNamesTest {

    /** The auto-configuration's sources that call the core's builders. */
    private static final List<String> CALLERS = List.of("CertificateManagerFactory.java", "OnDemandSettings.java");

    private static final List<Class<?>> BUILDERS = List.of(CertificateManagerBuilder.class, AcmeIssuerBuilder.class,
            OnDemandPolicy.Builder.class, OnDemandGate.Builder.class);

    @Test
    void everyBuilderMethodTheAutoConfigurationCallsHasASetting() throws IOException {
        String callers = callerSources();
        List<String> called = new ArrayList<>();
        for (Class<?> builder : BUILDERS) {
            for (Method method : builder.getMethods()) {
                boolean setter = Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                        && method.getDeclaringClass() == builder && !method.getName().equals("build");
                if (setter && Pattern.compile("(\\.|::)" + method.getName() + "\\b").matcher(callers).find()) {
                    called.add(method.getName());
                }
            }
        }
        assertThat(called).as("builder calls found in " + CALLERS).contains("agreed", "email", "storage",
                "listener", "maxInFlight", "askTimeout");
        assertThat(called).allSatisfy(method -> assertThat(BuilderSettingNames.settingFor(method))
                .as("the property or bean behind %s(...); add it to BuilderSettingNames", method).isNotNull());
    }

    @Test
    void everyMappedSettingNamesARealPropertyOrABean() throws IOException {
        String metadata = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        for (String method : List.of("agreed", "email", "keyType", "mustStaple", "windowRatio", "ocspStapling",
                "allowedDomains", "ask", "askTimeout", "maxObtain", "handshakeTimeout", "denialTtl", "maxInFlight",
                "maxWaiting", "maxWaitingPerName",
                "httpChallenge", "tlsAlpnChallenge", "renewalCheckInterval", "defaultServerName", "trustedRoots",
                "profile", "ocspEnabled", "ocspCheckInterval", "responseTimeout", "maxResponseSize",
                "networkTimeout", "orderTimeout", "maxConcurrentOrders", "maxConcurrentIssuance", "preferredChain",
                "userAgent", "accountKey", "reuseKey", "cacheCapacity", "jitterSeed")) {
            String setting = BuilderSettingNames.settingFor(method);
            assertThat(metadata).as(method).contains("\"name\": \"" + setting + "\"");
        }
    }

    @Test
    void builderCallsBecomePropertiesWithTheirValues() {
        assertThat(BuilderSettingNames.translate("No account without agreed(true): read the CA's terms."))
                .isEqualTo("No account without certmagic.agreed=true: read the CA's terms.");
        assertThat(BuilderSettingNames.translate("email(...) is not an address"))
                .isEqualTo("certmagic.email is not an address");
        assertThat(BuilderSettingNames.translate("keyType(...) must be EC or RSA; windowRatio(1.5) is not in (0, 1)"))
                .isEqualTo("certmagic.key-type must be EC or RSA; certmagic.renewal.window-ratio=1.5 is not in (0, 1)");
        assertThat(BuilderSettingNames.translate("configure acme(...) or issuer(...)"))
                .isEqualTo("configure certmagic.ca or an Issuer bean");
        assertThat(BuilderSettingNames.translate("OnDemandPolicy.Builder.allowedDomains(...) holds bad entries"))
                .isEqualTo("OnDemandPolicy.Builder.allowedDomains(...) holds bad entries")
                .as("qualified calls are translated only when mapped as such");
        assertThat(BuilderSettingNames.translate("AcmeIssuer.builder(...) needs an https directory"))
                .isEqualTo("certmagic.ca needs an https directory");
    }

    @Test
    void callsNoPropertySetsAndOtherTextStayAsTheyAre() {
        for (String unchanged : Arrays.asList("pollInterval(0) must be positive",
                "copy() keeps the solvers", "CertificateManager.builder() needs storage",
                "certmagic.on-demand.ask must be http(s)", "a (parenthesis) and a call () alone", "")) {
            assertThat(BuilderSettingNames.translate(unchanged)).isEqualTo(unchanged);
        }
        assertThat(BuilderSettingNames.translate(null)).isNull();
    }

    private static String callerSources() throws IOException {
        StringBuilder sources = new StringBuilder();
        for (String caller : CALLERS) {
            sources.append(Files.readString(Path.of("src/main/java/dev/certmagic/autoconfigure", caller)));
        }
        return sources.toString();
    }
}
