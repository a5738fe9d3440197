package dev.cubeshop.gateway;

import java.util.Map;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

import dev.cubeshop.platform.Problem;

/** The gateway's own errors, written straight to the Vert.x response as RFC 9457 problem documents. */
public final class Problems {
    private Problems() {}

    public static void send(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // Too late for a problem document: the upstream's answer has begun. Cut the line so the client sees it.
            response.reset();
            return;
        }
        Map<String, Object> body = problem.instance(ctx.request().path()).body();
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.encodeToBuffer(body));
    }

    public static void send(RoutingContext ctx, int status, String kind, String title, String detail) {
        send(ctx, Problem.of(status, kind, title, detail));
    }

    public static void notFound(RoutingContext ctx) {
        send(ctx, 404, "not-found", "Nothing is here", "No resource at " + ctx.request().path());
    }

    public static void unauthorized(RoutingContext ctx, String detail, boolean tokenPresented) {
        ctx.response().putHeader("WWW-Authenticate",
                tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
        send(ctx, 401, "unauthorized", "Authentication is required", detail);
    }
}
