package dev.cubeshop.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server standing in for one replica of a service: it counts requests per path, remembers the headers it
 * saw, and can be killed, revived, stalled, made unready or made to drop connections.
 */
final class FakeUpstream {
    private static final Vertx VERTX = Vertx.vertx();

    final String upstream;
    final String name;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, MultiMap> lastHeaders = new ConcurrentHashMap<>();
    private volatile HttpServer server;
    private volatile int port;
    volatile boolean stalled;
    volatile boolean ready = true;
    volatile boolean dropping;

    FakeUpstream(String upstream, int index) {
        this.upstream = upstream;
        this.name = upstream + "-" + index;
        listen(0);
    }

    int port() {
        return port;
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    MultiMap lastHeaders(String path) {
        return lastHeaders.get(path);
    }

    synchronized void kill() {
        if (server != null) {
            await(server.close());
            server = null;
        }
    }

    synchronized void revive() {
        if (server == null) {
            listen(port);
        }
    }

    void reset() {
        stalled = false;
        ready = true;
        dropping = false;
        revive();
    }

    private synchronized void listen(int wanted) {
        HttpServer created = VERTX.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setReuseAddress(true))
                .requestHandler(this::handle);
        server = await(created.listen(wanted));
        port = server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/q/health/ready")) {
            request.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", ready ? "UP" : "DOWN").encode());
            return;
        }
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        lastHeaders.put(path, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
        if (dropping) {
            request.connection().close();
            return;
        }
        if (stalled) {
            return;
        }
        request.body().onSuccess(body -> {
            var response = request.response().setStatusCode(200).putHeader("Content-Type", "application/json");
            String cacheControl = request.getHeader("X-Test-Cache-Control");
            if (cacheControl != null) {
                response.putHeader("Cache-Control", cacheControl);
            }
            response.putHeader("Server", "fake/1.0");
            response.end(new JsonObject().put("replica", name).put("method", request.method().name())
                    .put("uri", request.uri()).put("bodyLength", body.length()).encode());
        });
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
