package dev.certmagic.autoconfigure.web.netty;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import dev.certmagic.autoconfigure.web.HttpChallengeResponder;
import dev.certmagic.autoconfigure.web.PlainHttpRequests;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers every request of the plain-HTTP port on Reactor Netty, with the servlet filters' rules
 * ({@link PlainHttpRequests}): an HTTP-01 validation for a pending challenge gets its key authorization
 * ({@code 200 text/plain}); everything else is redirected to HTTPS ({@code 301}/{@code 308}, {@code 400} for a
 * malformed {@code Host}), or, with the redirect off, answered {@code 404}. The application is never reached on
 * this port.
 *
 * <p>The challenge lookup may read shared storage (a peer's challenge), so it runs on Reactor's bounded elastic
 * scheduler, never on the event loop.
 */
final class PlainHttpHandler {

    private final HttpChallengeResponder responder;

    private final int redirectPort;

    /**
     * Creates the handler.
     *
     * @param responder where pending HTTP-01 challenges are looked up
     * @param redirectPort the public HTTPS port written into redirects, or a negative number for no redirects
     */
    PlainHttpHandler(HttpChallengeResponder responder, int redirectPort) {
        this.responder = Objects.requireNonNull(responder, "responder");
        this.redirectPort = redirectPort;
    }

    /**
     * Handles one request.
     *
     * @param request the request
     * @param response the response
     * @return completion of the response
     */
    Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? null : uri.substring(question + 1);
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        Optional<String> token = HttpMethod.GET.equals(request.method()) ? PlainHttpRequests.challengeToken(path)
                : Optional.empty();
        Optional<String> challengeHost = token.flatMap((t) -> PlainHttpRequests.challengeHost(host));
        if (challengeHost.isEmpty()) {
            return other(request, response, path, query, host);
        }
        return Mono.fromCallable(() -> responder.keyAuthorization(challengeHost.get(), token.get()))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap((answer) -> answer.isPresent() ? Mono.from(keyAuthorization(response, answer.get()))
                    : Mono.from(other(request, response, path, query, host)));
    }

    private static Publisher<Void> keyAuthorization(HttpServerResponse response, String answer) {
        byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
        return response.status(HttpResponseStatus.OK)
            .header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
            .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
            .sendByteArray(Mono.just(body))
            .then();
    }

    private Publisher<Void> other(HttpServerRequest request, HttpServerResponse response, String path,
            String query, String host) {
        if (redirectPort < 0) {
            return response.status(HttpResponseStatus.NOT_FOUND).header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
        }
        Optional<String> location = PlainHttpRequests.redirectLocation(host, path, query, redirectPort);
        if (location.isEmpty()) {
            return response.status(HttpResponseStatus.BAD_REQUEST).header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
        }
        return response.status(PlainHttpRequests.redirectStatus(request.method().name()))
            .header(HttpHeaderNames.LOCATION, location.get())
            .header(HttpHeaderNames.CONTENT_LENGTH, "0")
            .send();
    }
}
