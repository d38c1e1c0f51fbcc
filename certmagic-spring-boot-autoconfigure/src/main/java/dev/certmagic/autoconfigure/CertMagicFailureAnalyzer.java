package dev.certmagic.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link CertMagicConfigurationException} anywhere in the startup failure's causes into Boot's
 * "APPLICATION FAILED TO START" report, so the user reads the property and the fix instead of a stack trace.
 */
class CertMagicFailureAnalyzer extends AbstractFailureAnalyzer<CertMagicConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CertMagicConfigurationException cause) {
        // Translated again so that a core text that reached the exception unconverted still names properties.
        return new FailureAnalysis(BuilderSettingNames.translate(cause.getMessage()),
                BuilderSettingNames.translate(cause.getAction()), cause);
    }
}
