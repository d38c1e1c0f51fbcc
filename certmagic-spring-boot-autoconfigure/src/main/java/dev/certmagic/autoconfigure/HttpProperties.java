package dev.certmagic.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Plain-HTTP connector ({@code certmagic.http.*}): it answers HTTP-01 challenges and redirects everything else to
 * HTTPS.
 */
public class HttpProperties {

    /**
     * Port of the plain-HTTP connector; -1 turns it off.
     */
    private int port = 80;

    /**
     * Whether plain-HTTP requests are redirected to HTTPS.
     */
    private boolean redirect = true;

    /**
     * Public HTTPS port written into redirects (omitted from the URL when 443); defaults to server.port.
     */
    private @Nullable Integer redirectPort;

    /**
     * Whether the plain-HTTP connector serves the application (and actuator) when redirect is false. Off,
     * it answers ACME challenges and 404 for everything else.
     */
    private boolean serveApplication;

    public boolean isServeApplication() {
        return serveApplication;
    }

    public void setServeApplication(boolean serveApplication) {
        this.serveApplication = serveApplication;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public boolean isRedirect() {
        return redirect;
    }

    public void setRedirect(boolean redirect) {
        this.redirect = redirect;
    }

    public @Nullable Integer getRedirectPort() {
        return redirectPort;
    }

    public void setRedirectPort(@Nullable Integer redirectPort) {
        this.redirectPort = redirectPort;
    }
}
