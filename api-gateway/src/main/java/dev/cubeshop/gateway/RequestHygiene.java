package dev.cubeshop.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import dev.cubeshop.gateway.config.GatewayConfig;
import dev.cubeshop.gateway.proxy.Proxy;
import dev.cubeshop.platform.Problem;

/**
 * First handler for every request: a request id (the caller's if it is sane, else a new one) that goes upstream and
 * comes back, security headers on every answer, the size policy for request line and headers, and CORS for the
 * configured origins only. Also the first failure handler: what the router refuses before any handler runs (no or an
 * invalid Host header, a target that is not a path such as {@code OPTIONS *}) and whatever fails in a handler is
 * answered as a problem too.
 */
@ApplicationScoped
public class RequestHygiene {
    private static final Logger LOG = Logger.getLogger(RequestHygiene.class);
    public static final String REQUEST_ID_KEY = "cubeshop.requestId";
    /**
     * The policy: a request line of at most 4096 bytes, header lines of at most 16 KiB together (counted as Netty does:
     * each line without its CRLF). Netty's own limits ({@code quarkus.http.limits.*}) sit above these, because a
     * request it refuses never reaches a handler and gets a bare 414/431 without a problem document.
     */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept, Idempotency-Key, X-Request-Id, "
            + "traceparent, tracestate, Cache-Control";
    private static final String EXPOSED_HEADERS = "X-Request-Id, X-Cache, Retry-After, Location";

    private final Set<String> origins;

    RequestHygiene(GatewayConfig config) {
        this.origins = Set.copyOf(config.cors().origins().orElse(List.of()).stream()
                .filter(origin -> !origin.isBlank() && !origin.equals("*")).toList());
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        boolean allowedOrigin = prepare(ctx);
        if (request.uri().length() + request.method().name().length() + " HTTP/1.1".length() + 1 > MAX_INITIAL_LINE) {
            refuse(ctx, 414, "uri-too-long", "The request line is too long",
                    "A request line may have at most " + MAX_INITIAL_LINE + " bytes");
            return;
        }
        if (headerBytes(request.headers()) > MAX_HEADER_BYTES) {
            refuse(ctx, 431, "header-fields-too-large", "The request headers are too large",
                    "Request headers may have at most " + MAX_HEADER_BYTES + " bytes together");
            return;
        }
        if (request.getHeader(HttpHeaders.ORIGIN) != null && request.method() == HttpMethod.OPTIONS
                && request.getHeader("Access-Control-Request-Method") != null) {
            preflight(ctx, allowedOrigin);
            return;
        }
        ctx.next();
    }

    /** Failure handler: an error answer of the router or of a handler becomes a problem document. */
    public void failed(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        prepare(ctx);
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (status < 400) {
            status = failure instanceof HttpException http ? http.getStatusCode() : 500;
        }
        switch (status) {
            case 400 -> Problems.send(ctx, 400, "bad-request", "The request is not valid",
                    // Vert.x's own reasons ("the 'Host' header is required") name the rule, never an internal.
                    failure instanceof VertxException && failure.getMessage() != null ? failure.getMessage() : null);
            case 404 -> Problems.notFound(ctx);
            case 405 -> Problems.send(ctx, 405, "method-not-allowed", "This method is not allowed here", null);
            case 413 -> Problems.send(ctx, 413, "payload-too-large", "The request body is too large", null);
            default -> {
                if (status >= 500) {
                    String requestId = ctx.get(REQUEST_ID_KEY);
                    LOG.errorf(failure, "Unexpected error on %s (request id %s)", ctx.request().path(), requestId);
                    Problems.send(ctx, Problem.of(500, "internal", "Something went wrong on our side",
                            "The error was logged with request id " + requestId).with("requestId", requestId));
                } else {
                    HttpResponseStatus reason = HttpResponseStatus.valueOf(status);
                    Problems.send(ctx, status, "http-" + status, reason.reasonPhrase(), null);
                }
            }
        }
    }

    /**
     * The request id and the headers every answer carries; once per request (a failure after the handler finds them
     * in place). Returns whether the request comes from an allowed CORS origin.
     */
    private boolean prepare(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean allowedOrigin = origin != null && origins.contains(origin);
        if (ctx.get(REQUEST_ID_KEY) != null) {
            return allowedOrigin;
        }
        String requestId = request.getHeader(Proxy.REQUEST_ID);
        if (requestId == null || !SANE_ID.matcher(requestId).matches()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            requestId = new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                    random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
        }
        ctx.put(REQUEST_ID_KEY, requestId);
        String id = requestId;
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = ctx.response().headers();
            headers.set(Proxy.REQUEST_ID, id);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            if (!headers.contains("Content-Security-Policy")) {
                headers.set("Content-Security-Policy", "frame-ancestors 'none'");
            }
            headers.remove("Server");
            headers.remove("X-Powered-By");
            headers.remove("Access-Control-Allow-Origin");
            if (!origins.isEmpty()) {
                headers.add(HttpHeaders.VARY, "Origin");
            }
            if (allowedOrigin) {
                headers.set("Access-Control-Allow-Origin", origin);
                headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            }
        });
        return allowedOrigin;
    }

    private static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + 2 + header.getValue().length();
        }
        return bytes;
    }

    /** The request is not read any further: its body, if one follows, is not wanted. */
    private static void refuse(RoutingContext ctx, int status, String kind, String title, String detail) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        Problems.send(ctx, status, kind, title, detail);
    }

    private void preflight(RoutingContext ctx, boolean allowedOrigin) {
        if (!allowedOrigin) {
            Problems.send(ctx, 403, "cors-origin-not-allowed", "This origin may not call the API",
                    "Origin " + ctx.request().getHeader(HttpHeaders.ORIGIN) + " is not allowed");
            return;
        }
        ctx.response().setStatusCode(204)
                .putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .putHeader("Access-Control-Max-Age", "600")
                .end();
    }
}
