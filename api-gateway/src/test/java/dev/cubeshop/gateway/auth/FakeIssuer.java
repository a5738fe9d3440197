package dev.cubeshop.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import dev.cubeshop.testing.TestTokens;

/**
 * A token issuer's key set endpoint on loopback (the JDK's HTTP server): serves whatever keys or status it is told to
 * and counts the reads.
 */
public final class FakeIssuer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger reads = new AtomicInteger();
    private volatile String body = "{\"keys\": []}";
    private volatile int status = 200;

    public FakeIssuer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/certs", exchange -> {
            reads.incrementAndGet();
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public static KeyPair newKey() {
        return TestTokens.newRsaKeyPair();
    }

    public static String kid(KeyPair key) {
        return Jwks.thumbprint((RSAPublicKey) key.getPublic());
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/certs");
    }

    /** Publishes exactly these keys from now on, answering 200. */
    public void publish(KeyPair... keys) {
        body = Jwks.write(java.util.Arrays.stream(keys).map(key -> (RSAPublicKey) key.getPublic()).toList());
        status = 200;
    }

    /** Answers every read with this status (and no key set) from now on. */
    public void fail(int status) {
        this.body = "{}";
        this.status = status;
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
