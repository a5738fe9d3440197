package dev.cubeshop.gateway;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

import dev.cubeshop.gateway.auth.Authenticator;
import dev.cubeshop.gateway.auth.DemoIdentityProvider;
import dev.cubeshop.gateway.auth.DemoIdentityProvider.IssuedToken;

/**
 * {@code POST /api/auth/token}: {"username", "password"} → {"access_token", "token_type": "Bearer", "expires_in"}.
 * Exists only while the demo identity provider is enabled. Signing (about a millisecond of RSA) runs on a worker thread,
 * not on the event loop.
 */
@ApplicationScoped
public class TokenEndpoint {
    public static final String PATH = "/api/auth/token";
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final int MAX_BODY = 4096;

    private final Optional<DemoIdentityProvider> identityProvider;
    private final ObjectMapper json;
    private final Optional<String> keySet;

    TokenEndpoint(Authenticator authenticator, ObjectMapper json) {
        this.identityProvider = authenticator.identityProvider();
        this.json = json;
        this.keySet = identityProvider.map(DemoIdentityProvider::jwks);
    }

    boolean enabled() {
        return identityProvider.isPresent();
    }

    void handle(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
            Problems.send(ctx, 405, "method-not-allowed", "This method is not allowed here", "Use POST");
            return;
        }
        RequestBodies.read(ctx, MAX_BODY, read -> {
            JsonNode body;
            try {
                body = read == null ? null : json.readTree(read.getBytes());
            } catch (Exception e) {
                Problems.send(ctx, 400, "malformed-request", "The request body cannot be read",
                        "The body is not valid JSON");
                return;
            }
            if (body == null || !body.path("username").isTextual() || !body.path("password").isTextual()) {
                Problems.send(ctx, 400, "validation", "The request is not valid",
                        "username and password are required strings");
                return;
            }
            String username = body.get("username").asText();
            String password = body.get("password").asText();
            ctx.vertx().executeBlocking(() -> identityProvider.orElseThrow().login(username, password), false)
                    .onComplete(issued -> answer(ctx, issued.succeeded() ? issued.result() : Optional.empty()));
        });
    }

    /** {@code GET /.well-known/jwks.json}: the key set that checks this provider's tokens (RFC 7517). */
    void jwks(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            Problems.send(ctx, 405, "method-not-allowed", "This method is not allowed here", "Use GET");
            return;
        }
        ctx.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                .end(keySet.orElseThrow());
    }

    private static void answer(RoutingContext ctx, Optional<IssuedToken> issued) {
        if (issued.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Problems.send(ctx, 401, "invalid-credentials", "The user name or password is wrong", null);
            return;
        }
        ctx.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.encodeToBuffer(Map.of("access_token", issued.get().accessToken(), "token_type", "Bearer",
                        "expires_in", issued.get().expiresIn())));
    }
}
