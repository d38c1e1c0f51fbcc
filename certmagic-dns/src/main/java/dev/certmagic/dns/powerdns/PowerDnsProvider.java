package dev.certmagic.dns.powerdns;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.resolve.DnsQueries;
import org.shredzone.acme4j.toolbox.JSON;
import org.xbill.DNS.Name;

/**
 * A {@link DnsProvider} for the PowerDNS Authoritative HTTP API (lego's {@code pdns} provider): the zone is the
 * longest one the server has for the record's name; the TXT RRset is replaced by its current values plus (or minus)
 * the one given, so other values of the name survive. Answers are read up to a bound and every call has a
 * deadline; the API key goes only into the {@code X-API-Key} header, never into a message.
 */
public final class PowerDnsProvider implements DnsProvider {

    /** A zone's JSON with its records; far above what the challenge zones hold, far below memory trouble. */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final PowerDnsSettings settings;
    private final HttpClient client;

    /**
     * Creates the provider; nothing is sent until the first record.
     *
     * @param settings the API's URL, key and server id
     */
    public PowerDnsProvider(PowerDnsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public synchronized void appendTxt(String fqdn, String value) throws IOException {
        Name name = DnsQueries.absolute(fqdn);
        String zone = zoneOf(name);
        Set<String> values = values(zone, name);
        values.add(quote(value));
        replace(zone, name, values);
    }

    @Override
    public synchronized void deleteTxt(String fqdn, String value) throws IOException {
        Name name = DnsQueries.absolute(fqdn);
        String zone = zoneOf(name);
        Set<String> values = values(zone, name);
        if (values.remove(quote(value))) {
            replace(zone, name, values);
        }
    }

    private String zoneOf(Name name) throws IOException {
        for (int labels = name.labels(); labels >= 2; labels--) {
            Name candidate = labels == name.labels() ? name : new Name(name, name.labels() - labels);
            HttpResponse<InputStream> response = send(HttpRequest.newBuilder(zoneUri(candidate.toString()))
                    .GET(), "find the zone of " + name);
            int status = response.statusCode();
            read(response);
            if (status == 200) {
                return candidate.toString();
            }
            if (status != 404 && status != 422) {
                throw failure(status, "find the zone of " + name);
            }
        }
        throw new IOException("PowerDNS at " + settings.apiUrl() + " has no zone for " + name);
    }

    private Set<String> values(String zone, Name name) throws IOException {
        String what = "read TXT " + name;
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(zoneUri(zone)).GET(), what);
        String body = read(response);
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), what);
        }
        Set<String> values = new LinkedHashSet<>();
        for (JSON.Value rrset : JSON.parse(body).get("rrsets").asArray()) {
            JSON set = rrset.asObject();
            if ("TXT".equals(set.get("type").asString())
                    && name.toString().equalsIgnoreCase(set.get("name").asString())) {
                for (JSON.Value record : set.get("records").asArray()) {
                    values.add(record.asObject().get("content").asString());
                }
            }
        }
        return values;
    }

    private void replace(String zone, Name name, Set<String> values) throws IOException {
        List<String> records = new ArrayList<>();
        values.forEach(v -> records.add("{\"content\":" + json(v) + ",\"disabled\":false}"));
        String rrset = "{\"name\":" + json(name.toString()) + ",\"type\":\"TXT\",\"ttl\":" + settings.ttl()
                .toSeconds() + ",\"changetype\":\"" + (values.isEmpty() ? "DELETE" : "REPLACE")
                + "\",\"records\":[" + String.join(",", records) + "]}";
        String what = (values.isEmpty() ? "delete" : "write") + " TXT " + name;
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(zoneUri(zone))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"rrsets\":[" + rrset + "]}"))
                .header("Content-Type", "application/json"), what);
        read(response);
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), what);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, String what) throws IOException {
        try {
            return client.send(request.timeout(settings.timeout()).header("X-API-Key", settings.apiKey())
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while calling PowerDNS at " + settings.apiUrl() + " to " + what, e);
        } catch (IOException e) {
            throw new IOException("PowerDNS API at " + settings.apiUrl() + " could not be reached to " + what + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    private IOException failure(int status, String what) {
        String hint = status == 401 || status == 403 ? ": check certmagic.dns.powerdns.api-key" : "";
        return new IOException("PowerDNS API at " + settings.apiUrl() + " answered HTTP " + status + " to " + what
                + hint);
    }

    private static String read(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] data = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (data.length > MAX_RESPONSE_BYTES) {
                throw new IOException("PowerDNS answered more than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private URI zoneUri(String zone) {
        String base = settings.apiUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/api/v1/servers/" + URLEncoder.encode(settings.serverId(), StandardCharsets.UTF_8)
                + "/zones/" + URLEncoder.encode(zone, StandardCharsets.UTF_8));
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
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
