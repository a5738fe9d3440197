package dev.cubeshop.gateway;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.cubeshop.gateway.auth.Authenticator;
import dev.cubeshop.gateway.auth.Caller;
import dev.cubeshop.gateway.auth.InvalidTokenException;
import dev.cubeshop.gateway.auth.UnknownKeyException;
import dev.cubeshop.gateway.cache.CachedResponse;
import dev.cubeshop.gateway.cache.CatalogCache;
import dev.cubeshop.gateway.config.GatewayConfig.Access;
import dev.cubeshop.gateway.limits.RateLimiter;
import dev.cubeshop.gateway.proxy.Proxy;
import dev.cubeshop.gateway.proxy.Route;
import dev.cubeshop.gateway.proxy.RouteTable;
import dev.cubeshop.platform.Problem;

/**
 * The request pipeline on Quarkus' Vert.x router, all on the event loop: hygiene, then for /api: route, authenticate,
 * authorize, rate-limit, serve from cache or forward. /internal is never routed.
 */
@ApplicationScoped
public class GatewayRoutes {
    private static final String BEARER = "Bearer ";

    private final RequestHygiene hygiene;
    private final RouteTable routes;
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final CatalogCache cache;
    private final Proxy proxy;
    private final TokenEndpoint tokenEndpoint;

    GatewayRoutes(RequestHygiene hygiene, RouteTable routes, Authenticator authenticator, RateLimiter limiter,
            CatalogCache cache, Proxy proxy, TokenEndpoint tokenEndpoint) {
        this.hygiene = hygiene;
        this.routes = routes;
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.cache = cache;
        this.proxy = proxy;
        this.tokenEndpoint = tokenEndpoint;
    }

    void register(@Observes Router router) {
        router.route().order(-1000).handler(hygiene::handle).failureHandler(hygiene::failed);
        router.route("/internal").order(-900).handler(Problems::notFound);
        router.route("/internal/*").order(-900).handler(Problems::notFound);
        router.route("/api/*").order(-900).handler(this::api);
        router.route(TokenEndpoint.JWKS_PATH).order(-900).handler(this::jwks);
    }

    private void api(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        if (path.startsWith("/internal")) {
            Problems.notFound(ctx);
            return;
        }
        if (path.equals(TokenEndpoint.PATH) && tokenEndpoint.enabled()) {
            if (rateLimited(ctx, null)) {
                return;
            }
            tokenEndpoint.handle(ctx);
            return;
        }
        Route route = routes.match(path);
        if (route == null) {
            Problems.notFound(ctx);
            return;
        }
        HttpMethod method = request.method();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Caller caller = null;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                Problems.unauthorized(ctx, "Send the token as Authorization: Bearer <token>", true);
                return;
            }
            String token = authorization.substring(BEARER.length()).trim();
            try {
                caller = authenticator.verify(token);
            } catch (UnknownKeyException e) {
                Optional<CompletableFuture<Void>> reread = authenticator.keysReread();
                if (reread.isEmpty()) {
                    Problems.unauthorized(ctx, e.getMessage(), true);
                    return;
                }
                // The issuer may have rotated its keys: check the token once more when the key set has been read
                // again, back on this request's event loop (nothing waits meanwhile).
                Context context = ctx.vertx().getOrCreateContext();
                reread.get().whenComplete((done, failure) -> context.runOnContext(v -> {
                    if (ctx.response().closed()) {
                        return;
                    }
                    try {
                        authorized(ctx, route, authenticator.verify(token));
                    } catch (InvalidTokenException again) {
                        Problems.unauthorized(ctx, again.getMessage(), true);
                    }
                }));
                return;
            } catch (InvalidTokenException e) {
                Problems.unauthorized(ctx, e.getMessage(), true);
                return;
            }
        } else if (!(route.access() == Access.PUBLIC_READ && read)) {
            Problems.unauthorized(ctx, "This resource needs a bearer token", false);
            return;
        }
        authorized(ctx, route, caller);
    }

    /** Authorize, rate-limit, serve from the cache or forward: for a caller with a valid token, or none. */
    private void authorized(RoutingContext ctx, Route route, Caller caller) {
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        HttpMethod method = request.method();
        if (route.access() == Access.ADMIN && !caller.isAdmin()) {
            Problems.send(ctx, 403, "forbidden", "This is not allowed for you", "Only administrators may do this");
            return;
        }
        if (rateLimited(ctx, caller)) {
            return;
        }
        String requestId = ctx.get(RequestHygiene.REQUEST_ID_KEY);
        Proxy.CacheSlot slot = null;
        // Only anonymous GETs: an answer to a caller with a token may be personalised and is never stored or shared.
        if (route.cacheable() && cache.enabled() && method == HttpMethod.GET && caller == null) {
            String key = request.query() == null ? path : path + "?" + request.query();
            String cacheControl = request.getHeader(HttpHeaders.CACHE_CONTROL);
            String lower = cacheControl == null ? "" : cacheControl.toLowerCase(Locale.ROOT);
            boolean noStore = lower.contains("no-store");
            boolean revalidate = noStore || lower.contains("no-cache") || lower.contains("max-age=0")
                    || "no-cache".equalsIgnoreCase(request.getHeader("Pragma"));
            if (!revalidate) {
                CachedResponse cached = cache.get(key);
                if (cached != null) {
                    Proxy.replay(ctx, cached);
                    return;
                }
            }
            slot = noStore ? null : new Proxy.CacheSlot(key, cache.generation());
        }
        // A sharded route (/api/cart) goes to the shard that owns the caller; every such route needs a token.
        proxy.forward(ctx, route, route.upstreamFor(caller == null ? "" : caller.subject()), requestId, slot);
    }

    /** The demo identity provider's key set, for services (or anyone) checking its tokens; 404 without it. */
    private void jwks(RoutingContext ctx) {
        if (!tokenEndpoint.enabled()) {
            Problems.notFound(ctx);
            return;
        }
        if (rateLimited(ctx, null)) {
            return;
        }
        tokenEndpoint.jwks(ctx);
    }

    private boolean rateLimited(RoutingContext ctx, Caller caller) {
        long retryAfter = caller != null
                ? limiter.acquireCustomer(caller.subject())
                : limiter.acquireAnonymous(clientAddress(ctx.request()));
        if (retryAfter == 0) {
            return false;
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        Problems.send(ctx, Problem.of(429, "rate-limited", "Too many requests",
                caller != null
                        ? "The request rate for this customer is exceeded"
                        : "The request rate for this client address is exceeded")
                .with("retryAfter", retryAfter));
        return true;
    }

    private static String clientAddress(HttpServerRequest request) {
        // With quarkus.http.proxy.proxy-address-forwarding behind a trusted front, this is the forwarded client.
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
