package dev.certmagic.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Talks to pebble-challtestsrv's management API (plain HTTP on loopback) to change the DNS answers Pebble sees.
 */
final class ChallTestSrvClient {

    private final HttpClient client;
    private final URI base;

    ChallTestSrvClient(HttpClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    void setTxt(String host, String value) {
        post("/set-txt", "{\"host\":" + quote(fqdn(host)) + ",\"value\":" + quote(value) + "}");
    }

    void clearTxt(String host) {
        post("/clear-txt", "{\"host\":" + quote(fqdn(host)) + "}");
    }

    void addA(String host, String... addresses) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < addresses.length; i++) {
            list.append(i == 0 ? "" : ",").append(quote(addresses[i]));
        }
        post("/add-a", "{\"host\":" + quote(fqdn(host)) + ",\"addresses\":" + list + "]}");
    }

    private void post(String path, String json) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("challtestsrv " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("challtestsrv " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static String fqdn(String host) {
        return host.endsWith(".") ? host : host + ".";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
