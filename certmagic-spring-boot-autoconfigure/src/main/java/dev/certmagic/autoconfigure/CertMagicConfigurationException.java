package dev.certmagic.autoconfigure;

/**
 * A {@code certmagic.*} setting that cannot work, found at startup before any CA is contacted. It carries the
 * two halves of a Spring Boot failure analysis: what is wrong and what to change, both naming the property.
 */
public final class CertMagicConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * Creates the exception.
     *
     * @param description what is wrong, naming the property
     * @param action what to change
     */
    public CertMagicConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    /**
     * Returns what the user should change.
     *
     * @return the action text of the failure analysis
     */
    public String getAction() {
        return action;
    }
}
