package dev.cubeshop.gateway;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import dev.cubeshop.gateway.config.GatewayConfig;
import dev.cubeshop.gateway.proxy.Proxy;

/**
 * First handler for every request: a request id (the caller's if it is sane, else a new one) that goes upstream and
 * comes back, security headers on every answer, and CORS for the configured origins only.
 */
@ApplicationScoped
public class RequestHygiene {
    public static final String REQUEST_ID_KEY = "cubeshop.requestId";
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
        String requestId = request.getHeader(Proxy.REQUEST_ID);
        if (requestId == null || !SANE_ID.matcher(requestId).matches()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            requestId = new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                    random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
        }
        ctx.put(REQUEST_ID_KEY, requestId);
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean allowedOrigin = origin != null && origins.contains(origin);
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
        if (origin != null && request.method() == HttpMethod.OPTIONS
                && request.getHeader("Access-Control-Request-Method") != null) {
            preflight(ctx, allowedOrigin);
            return;
        }
        ctx.next();
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
