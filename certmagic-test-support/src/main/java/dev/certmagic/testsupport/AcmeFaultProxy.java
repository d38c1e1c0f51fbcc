package dev.certmagic.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import org.jspecify.annotations.Nullable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTPS reverse proxy on loopback in front of Pebble's ACME listener that adds what Pebble 2.4.0 lacks and
 * breaks what a test wants broken: ACME Renewal Information (RFC 9773) with windows the test chooses, error
 * answers with {@code Retry-After} on {@code newOrder}, real answers whose body is sent the hostile way
 * ({@link HostileBody}: trickled, or padded without end), and a record of every {@code newOrder} payload.
 *
 * <p>It terminates TLS with a certificate of its own throwaway CA ({@link #trustCertificate()}: clients trust that
 * instead of Pebble's listener CA) and forwards each request with the client's {@code Host}, so Pebble builds
 * every URL it returns, and checks every JWS {@code url}, against the proxy. Start one per test class or test with
 * {@link #start(Pebble)}; close it when done.
 */
public final class AcmeFaultProxy implements AutoCloseable {

    /** The path under which the proxy answers renewal information requests. */
    public static final String RENEWAL_INFO_PATH = "/renewal-info";

    private static final Pattern NEW_ORDER = Pattern.compile("\"newOrder\"\\s*:\\s*\"[a-z]+://[^/\"]+([^\"]*)\"");
    private static final Pattern NEW_ACCOUNT =
            Pattern.compile("\"newAccount\"\\s*:\\s*\"[a-z]+://[^/\"]+([^\"]*)\"");
    private static final Pattern PAYLOAD = Pattern.compile("\"payload\"\\s*:\\s*\"([A-Za-z0-9_-]*)\"");

    private final TestCertificates.Held ca;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final RawHttpsForwarder forwarder;
    private final String directoryPath;
    private volatile String newOrderPath = "/order-plz";
    private volatile String newAccountPath = "/sign-me-up";
    private volatile HostileAnswer hostile;

    private final Map<String, Instant[]> windows = new ConcurrentHashMap<>();
    private volatile Instant[] defaultWindow;
    private volatile Duration renewalInfoRetryAfter;
    private final Map<String, AtomicInteger> renewalInfoRequests = new ConcurrentHashMap<>();

    private final Object faultLock = new Object();
    private AcmeFault fault;
    private int faultSkip;
    private int faultTimes;
    private final AtomicInteger newOrders = new AtomicInteger();
    private final List<String> newOrderPayloads = new ArrayList<>();
    private final Set<String> userAgents = ConcurrentHashMap.newKeySet();

    private AcmeFaultProxy(TestCertificates.Held ca, HttpsServer server, ExecutorService executor,
            RawHttpsForwarder forwarder, String directoryPath) {
        this.ca = ca;
        this.server = server;
        this.executor = executor;
        this.forwarder = forwarder;
        this.directoryPath = directoryPath;
    }

    /**
     * Starts a proxy on a free loopback port in front of a running Pebble.
     *
     * @param pebble the CA to forward to
     * @return the running proxy
     * @throws IOException if the port cannot be opened
     */
    public static AcmeFaultProxy start(Pebble pebble) throws IOException {
        TestCertificates.Held ca = TestCertificates.root("AcmeFaultProxy test CA").validity(Duration.ofDays(2))
                .build();
        TestCertificates.Held leaf = TestCertificates.leaf("localhost", "127.0.0.1").signedBy(ca)
                .validity(Duration.ofDays(1)).build();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(ServerTlsContext.of(leaf)));
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "acme-fault-proxy");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        URI target = pebble.directoryUri();
        AcmeFaultProxy proxy = new AcmeFaultProxy(ca, server, executor,
                new RawHttpsForwarder(pebble.sslContext(), target.getHost(), target.getPort()), target.getPath());
        server.createContext("/", proxy::handle);
        server.start();
        return proxy;
    }

    /**
     * Returns the directory URL clients use instead of Pebble's.
     *
     * @return {@code https://127.0.0.1:<port>/dir}
     */
    public URI directoryUri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + directoryPath);
    }

    /**
     * Returns the CA that signed the proxy's TLS certificate; clients must trust it.
     *
     * @return the proxy's CA certificate
     */
    public X509Certificate trustCertificate() {
        return ca.certificate();
    }

    /**
     * Suggests a renewal window for one certificate, by its ARI CertID (base64url AKI "." base64url serial).
     *
     * @param certId the certificate's ARI identifier
     * @param start the window's start
     * @param end the window's end
     */
    public void renewalWindow(String certId, Instant start, Instant end) {
        windows.put(certId, new Instant[] {start, end});
    }

    /**
     * Suggests a renewal window for every certificate without a window of its own; until one is set, renewal
     * information requests for such certificates get {@code 404}.
     *
     * @param start the window's start
     * @param end the window's end
     */
    public void defaultRenewalWindow(Instant start, Instant end) {
        defaultWindow = new Instant[] {start, end};
    }

    /**
     * Sets the {@code Retry-After} sent with renewal information, telling clients when to ask again.
     *
     * @param delay the delay (whole seconds), or {@code null} for no header
     */
    public void renewalInfoRetryAfter(Duration delay) {
        renewalInfoRetryAfter = delay;
    }

    /**
     * Counts the renewal information requests for one certificate.
     *
     * @param certId the certificate's ARI identifier
     * @return how many requests arrived
     */
    public int renewalInfoRequests(String certId) {
        AtomicInteger count = renewalInfoRequests.get(certId);
        return count == null ? 0 : count.get();
    }

    /**
     * Answers {@code newOrder} requests with {@code fault} instead of forwarding them: the next {@code skip}
     * orders pass, then {@code times} fail ({@link Integer#MAX_VALUE} for all until {@link #clearFaults()}).
     *
     * @param fault the answer to give
     * @param skip how many orders to let through first
     * @param times how many orders to fail
     */
    public void failNewOrders(AcmeFault fault, int skip, int times) {
        synchronized (faultLock) {
            this.fault = fault;
            this.faultSkip = skip;
            this.faultTimes = times;
        }
    }

    /** The ACME requests whose answers {@link #hostileBodies} can spoil. */
    public enum Endpoint {
        /** Account registration ({@code newAccount}). */
        NEW_ACCOUNT,
        /** Order creation ({@code newOrder}). */
        NEW_ORDER,
        /** Certificate download. */
        CERTIFICATE
    }

    /**
     * Forwards the requests to {@code endpoint} (only those whose JWS payload contains {@code payloadContains},
     * when given) to Pebble as usual, but sends the answer's body to the client the {@code body} way, until
     * {@link #clearFaults()}.
     *
     * @param endpoint which requests
     * @param payloadContains text the decoded payload must contain (such as a name of an order), or {@code null}
     *     for every request to the endpoint
     * @param body how to send the body
     */
    public void hostileBodies(Endpoint endpoint, @Nullable String payloadContains, HostileBody body) {
        hostile = new HostileAnswer(endpoint, payloadContains, body);
    }

    /**
     * Forwards every request again.
     */
    public void clearFaults() {
        failNewOrders(null, 0, 0);
        hostile = null;
    }

    /**
     * Counts the {@code newOrder} requests that arrived, failed or forwarded.
     *
     * @return the count
     */
    public int newOrderRequests() {
        return newOrders.get();
    }

    /**
     * Returns the decoded JSON payloads of the {@code newOrder} requests (forwarded or failed), oldest first.
     *
     * @return the payloads
     */
    public List<String> newOrderPayloads() {
        synchronized (newOrderPayloads) {
            return List.copyOf(newOrderPayloads);
        }
    }

    /**
     * Returns the distinct {@code User-Agent} values of all requests so far ({@code "(none)"} for a request
     * without one).
     *
     * @return the values
     */
    public Set<String> userAgents() {
        return Set.copyOf(userAgents);
    }

    /**
     * Stops the proxy.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String hostHeader = exchange.getRequestHeaders().getFirst("Host");
            byte[] body = exchange.getRequestBody().readAllBytes();
            String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
            userAgents.add(userAgent == null ? "(none)" : userAgent);
            if ("GET".equals(method) && path.startsWith(RENEWAL_INFO_PATH + "/")) {
                answerRenewalInfo(exchange, path.substring(RENEWAL_INFO_PATH.length() + 1));
                return;
            }
            if ("POST".equals(method) && path.equals(newOrderPath)) {
                AcmeFault injected = recordNewOrder(body);
                if (injected != null) {
                    answerFault(exchange, injected);
                    return;
                }
            }
            HostileBody hostileBody = hostileBodyFor(method, path, body);
            RawHttpsForwarder.Response response = forwarder.send(method, query == null ? path : path + "?" + query,
                    hostHeader, exchange.getRequestHeaders(), body);
            byte[] out = response.body();
            if ("GET".equals(method) && path.equals(directoryPath) && response.status() == 200) {
                out = withRenewalInfo(new String(out, StandardCharsets.UTF_8), hostHeader)
                        .getBytes(StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> header : response.headers()) {
                String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
                if (!name.equals("content-length") && !name.equals("transfer-encoding")
                        && !name.equals("connection") && !name.equals("date")) {
                    exchange.getResponseHeaders().add(header.getKey(), header.getValue());
                }
            }
            if (hostileBody != null) {
                hostileBody.send(exchange, response.status(), out);
                return;
            }
            send(exchange, response.status(), "HEAD".equals(method) ? new byte[0] : out);
        }
    }

    private @Nullable HostileBody hostileBodyFor(String method, String path, byte[] body) {
        HostileAnswer answer = hostile;
        return answer == null || !"POST".equals(method) ? null
                : answer.bodyFor(path, newAccountPath, newOrderPath, () -> payload(body));
    }

    private String withRenewalInfo(String directory, String hostHeader) {
        Matcher newOrder = NEW_ORDER.matcher(directory);
        if (newOrder.find()) {
            newOrderPath = newOrder.group(1);
        }
        Matcher newAccount = NEW_ACCOUNT.matcher(directory);
        if (newAccount.find()) {
            newAccountPath = newAccount.group(1);
        }
        int brace = directory.indexOf('{');
        if (brace < 0 || directory.contains("\"renewalInfo\"")) {
            return directory;
        }
        return directory.substring(0, brace + 1) + "\"renewalInfo\":\"https://" + hostHeader + RENEWAL_INFO_PATH
                + "\"," + directory.substring(brace + 1);
    }

    private AcmeFault recordNewOrder(byte[] body) {
        newOrders.incrementAndGet();
        String payload = payload(body);
        if (!payload.isEmpty()) {
            synchronized (newOrderPayloads) {
                newOrderPayloads.add(payload);
            }
        }
        synchronized (faultLock) {
            if (fault == null) {
                return null;
            }
            if (faultSkip > 0) {
                faultSkip--;
                return null;
            }
            if (faultTimes <= 0) {
                return null;
            }
            if (faultTimes != Integer.MAX_VALUE) {
                faultTimes--;
            }
            return fault;
        }
    }

    /** The decoded JWS payload of a request body, or empty. */
    private static String payload(byte[] body) {
        Matcher payload = PAYLOAD.matcher(new String(body, StandardCharsets.UTF_8));
        return payload.find() ? new String(Base64.getUrlDecoder().decode(payload.group(1)), StandardCharsets.UTF_8)
                : "";
    }

    private void answerRenewalInfo(HttpExchange exchange, String certId) throws IOException {
        renewalInfoRequests.computeIfAbsent(certId, id -> new AtomicInteger()).incrementAndGet();
        Instant[] window = windows.getOrDefault(certId, defaultWindow);
        if (window == null) {
            answerFault(exchange, new AcmeFault(404, "urn:ietf:params:acme:error:malformed",
                    "No renewal information for " + certId, null));
            return;
        }
        Duration retryAfter = renewalInfoRetryAfter;
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        String json = "{\"suggestedWindow\":{\"start\":\"" + window[0] + "\",\"end\":\"" + window[1] + "\"}}";
        send(exchange, 200, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void answerFault(HttpExchange exchange, AcmeFault fault) throws IOException {
        if (fault.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
        }
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        send(exchange, fault.status(), fault.problemJson().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
