package dev.cubeshop.gateway.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;

import dev.cubeshop.gateway.Problems;
import dev.cubeshop.gateway.RequestBodies;
import dev.cubeshop.gateway.cache.CachedResponse;
import dev.cubeshop.gateway.cache.CatalogCache;
import dev.cubeshop.gateway.config.GatewayConfig;
import dev.cubeshop.platform.Problem;

/**
 * Forwards a request to a replica of the route's upstream, non-blocking end to end: one shared, pooled HTTP client;
 * request bodies are buffered up to the body limit (so a request can be retried on another replica), response bodies
 * are streamed back with back-pressure (cacheable catalog answers are buffered to be stored).
 *
 * <p>
 * Failures: a refused connection ejects the replica and the request moves to another one (nothing was sent); a
 * connection lost after sending is retried only for idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS, or one with an
 * Idempotency-Key). The route's timeout covers all attempts until the response headers arrive, then 504.
 */
@ApplicationScoped
public class Proxy {
    private static final Logger LOG = Logger.getLogger(Proxy.class);
    public static final String REQUEST_ID = "X-Request-Id";
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "server", "x-powered-by",
            // The caller's trace context is not passed on as it came: the gateway's server span continues it, and the
            // HTTP client's span (Quarkus' Vert.x tracing) sends the upstream a traceparent that is its child.
            "traceparent", "tracestate");
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final UpstreamRegistry registry;
    private final CatalogCache cache;
    private final HttpClient client;
    private final long connectTimeoutMillis;
    private final int maxAttempts;
    private final long maxBodySize;

    Proxy(UpstreamRegistry registry, CatalogCache cache, GatewayConfig config, Vertx vertx) {
        this.registry = registry;
        this.cache = cache;
        this.connectTimeoutMillis = config.client().connectTimeout().toMillis();
        this.maxAttempts = Math.max(1, config.client().maxAttempts());
        this.maxBodySize = config.limits().maxBodySize().asLongValue();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                .setMaxPoolSize(config.client().maxConnectionsPerReplica())
                .setConnectTimeout((int) connectTimeoutMillis)
                .setDecompressionSupported(false));
    }

    /** Where a cacheable answer goes: the key, and the cache generation when the request began. */
    public record CacheSlot(String uri, long generation) {}

    public void forward(RoutingContext ctx, Route route, String upstream, String requestId, CacheSlot cacheSlot) {
        RequestBodies.read(ctx, maxBodySize,
                body -> new Exchange(ctx, route, upstream, requestId, body, cacheSlot).attempt());
    }

    /** One client request on its way through one or more attempts. */
    private final class Exchange {
        private final RoutingContext ctx;
        private final Route route;
        private final Upstream upstream;
        private final Buffer body;
        private final CacheSlot cacheSlot;
        private final MultiMap headers;
        private final boolean idempotent;
        private final List<Replica> tried = new ArrayList<>(2);
        private final long timer;
        private boolean done;
        private Attempt current;

        Exchange(RoutingContext ctx, Route route, String upstream, String requestId, Buffer body,
                CacheSlot cacheSlot) {
            this.ctx = ctx;
            this.route = route;
            this.upstream = registry.get(upstream);
            this.body = body;
            this.cacheSlot = cacheSlot;
            HttpServerRequest request = ctx.request();
            this.idempotent = IDEMPOTENT.contains(request.method()) || request.headers().contains("Idempotency-Key");
            this.headers = upstreamHeaders(request, requestId);
            this.timer = ctx.vertx().setTimer(route.timeoutMillis(), id -> timedOut());
            ctx.response().closeHandler(v -> abandon());
        }

        void attempt() {
            Replica replica = tried.size() < maxAttempts ? upstream.choose(tried) : null;
            if (replica == null) {
                finish();
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                Problems.send(ctx, Problem.of(503, "no-healthy-replica", "The service is unavailable",
                        "No healthy replica of " + upstream.name() + " can take the request").with("retryAfter", 1));
                return;
            }
            tried.add(replica);
            Attempt attempt = new Attempt(replica);
            current = attempt;
            replica.started();
            HttpServerRequest request = ctx.request();
            RequestOptions options = new RequestOptions()
                    .setMethod(request.method())
                    .setHost(replica.host())
                    .setPort(replica.port())
                    .setURI(uri(ctx))
                    .setHeaders(headers)
                    .setConnectTimeout(connectTimeoutMillis);
            client.request(options).onComplete(connected -> {
                if (connected.failed()) {
                    attempt.finished();
                    if (done) {
                        return;
                    }
                    registry.connectionFailed(replica, connected.cause());
                    // Nothing reached the replica: safe to try another one whatever the method.
                    attempt();
                    return;
                }
                HttpClientRequest upstreamRequest = connected.result();
                attempt.request = upstreamRequest;
                if (done) {
                    upstreamRequest.reset();
                    attempt.finished();
                    return;
                }
                (body == null ? upstreamRequest.send() : upstreamRequest.send(body))
                        .onComplete(answered -> {
                            if (answered.succeeded()) {
                                respond(attempt, answered.result());
                            } else {
                                lost(attempt, answered.cause());
                            }
                        });
            });
        }

        private void lost(Attempt attempt, Throwable cause) {
            attempt.finished();
            if (done) {
                return;
            }
            registry.connectionFailed(attempt.replica, cause);
            if (idempotent) {
                attempt();
                return;
            }
            finish();
            Problems.send(ctx, 502, "bad-gateway", "The service did not answer",
                    "The connection to " + upstream.name() + " failed; the request was not repeated because it is "
                            + "not idempotent (send an Idempotency-Key to allow that)");
        }

        private void respond(Attempt attempt, HttpClientResponse answer) {
            if (done) {
                answer.request().reset();
                attempt.finished();
                return;
            }
            finish();
            attempt.replica.answered(answer.statusCode(), registry.serverErrorsToEject(), registry.minEjectionNanos());
            HttpServerResponse response = ctx.response();
            response.setStatusCode(answer.statusCode());
            copyHeaders(answer.headers(), response.headers());
            if (cacheSlot != null) {
                response.putHeader("X-Cache", "MISS");
            }
            if (cacheSlot != null && answer.statusCode() == 200) {
                answer.body().onComplete(read -> {
                    attempt.finished();
                    if (read.failed()) {
                        response.reset();
                        return;
                    }
                    List<Map.Entry<String, String>> stored = new ArrayList<>();
                    answer.headers().forEach(h -> {
                        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                            stored.add(Map.entry(h.getKey(), h.getValue()));
                        }
                    });
                    cache.put(cacheSlot.uri(), new CachedResponse(200, List.copyOf(stored), read.result(),
                            System.nanoTime(), 0), answer.getHeader(HttpHeaders.CACHE_CONTROL), cacheSlot.generation());
                    response.end(read.result());
                });
                return;
            }
            String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
            } else if (ctx.request().method() != HttpMethod.HEAD && answer.statusCode() != 204
                    && answer.statusCode() != 304) {
                response.setChunked(true);
            }
            answer.pipe().endOnFailure(false).to(response).onComplete(piped -> {
                attempt.finished();
                if (piped.failed() && !response.closed()) {
                    response.reset();
                }
            });
        }

        private void timedOut() {
            if (done) {
                return;
            }
            done = true;
            Attempt attempt = current;
            if (attempt != null) {
                attempt.replica.answered(504, registry.serverErrorsToEject(), registry.minEjectionNanos());
                if (attempt.request != null) {
                    attempt.request.reset();
                }
                attempt.finished();
            }
            Problems.send(ctx, 504, "upstream-timeout", "The service did not answer in time",
                    upstream.name() + " did not answer within " + route.timeoutMillis() + " ms");
        }

        private void abandon() {
            if (!done) {
                done = true;
                ctx.vertx().cancelTimer(timer);
                Attempt attempt = current;
                if (attempt != null && attempt.request != null) {
                    attempt.request.reset();
                }
            }
        }

        private void finish() {
            done = true;
            ctx.vertx().cancelTimer(timer);
        }
    }

    /** One try against one replica; counts as outstanding until its answer is through or it failed. */
    private static final class Attempt {
        final Replica replica;
        HttpClientRequest request;
        private boolean finished;

        Attempt(Replica replica) {
            this.replica = replica;
        }

        void finished() {
            if (!finished) {
                finished = true;
                replica.finished();
            }
        }
    }

    private static String uri(RoutingContext ctx) {
        // The normalized path ("/api/products/../../internal" is "/internal"), so a path never reaches an upstream
        // in a form the route table did not see.
        String query = ctx.request().query();
        return query == null ? ctx.normalizedPath() : ctx.normalizedPath() + "?" + query;
    }

    private static MultiMap upstreamHeaders(HttpServerRequest request, String requestId) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(request.headers(), out);
        out.set(REQUEST_ID, requestId);
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (client != null) {
            String forwarded = request.getHeader("X-Forwarded-For");
            out.set("X-Forwarded-For", forwarded == null ? client : forwarded + ", " + client);
        }
        out.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        String host = request.getHeader(HttpHeaders.HOST);
        if (host != null) {
            out.set("X-Forwarded-Host", host);
        }
        return out;
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        String connection = from.get(HttpHeaders.CONNECTION);
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && (connection == null || !listed(connection, name))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static boolean listed(String connection, String name) {
        for (String token : connection.split(",")) {
            if (token.trim().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Replays a stored answer. */
    public static void replay(RoutingContext ctx, CachedResponse cached) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(cached.status());
        for (Map.Entry<String, String> header : cached.headers()) {
            response.headers().add(header.getKey(), header.getValue());
        }
        long age = (System.nanoTime() - cached.storedAtNanos()) / 1_000_000_000L;
        response.putHeader("Age", Long.toString(age)).putHeader("X-Cache", "HIT");
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(cached.body().length())).end();
        } else {
            response.end(cached.body());
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
