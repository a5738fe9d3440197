package dev.cubeshop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests no HTTP client would send, written byte by byte: what the router refuses before any handler runs, and the
 * request line and header policy, answer problem documents. What the HTTP server refuses before the router (see the
 * README's known limits) cannot.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class MalformedRequestsTest {
    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One raw answer: status line, headers, body. */
    private record Raw(int status, String contentType, String body, String head) {
        JsonNode problem() throws IOException {
            return JSON.readTree(body);
        }
    }

    @Test
    void aRequestLineOverTheLimitIsA414Problem() throws IOException {
        assertProblem(send("GET /api/products?q=" + "a".repeat(5_000) + " HTTP/1.1\r\n" + HOST + "\r\n"), 414,
                "uri-too-long");
        assertProblem(send("GET /api/products?q=" + "a".repeat(4_000) + "&x=" + "b".repeat(100) + " HTTP/1.1\r\n"
                + HOST + "\r\n"), 414, "uri-too-long");
    }

    @Test
    void headersOverTheLimitAreA431Problem() throws IOException {
        assertProblem(send("GET /api/products HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n"),
                431, "header-fields-too-large");
        StringBuilder many = new StringBuilder("GET /api/products HTTP/1.1\r\n" + HOST);
        for (int i = 0; i < 400; i++) {
            many.append("X-H-").append(i).append(": ").append("v".repeat(60)).append("\r\n");
        }
        assertProblem(send(many + "\r\n"), 431, "header-fields-too-large");
    }

    @Test
    void requestsWithinThePolicyPassTheGateway() throws IOException {
        // An unrouted path: the gateway itself answers, so the upstreams' smaller limits do not matter here.
        assertProblem(send("GET /nothing/here?q=" + "a".repeat(4_000) + " HTTP/1.1\r\n" + HOST + "X-Big: "
                + "a".repeat(16_000) + "\r\n\r\n"), 404, "not-found");
    }

    @Test
    void aMissingOrInvalidHostHeaderIsA400Problem() throws IOException {
        assertProblem(send("GET /api/products HTTP/1.1\r\n\r\n"), 400, "bad-request");
        assertProblem(send("GET /api/products HTTP/1.1\r\nHost: evil.example/internal\r\n\r\n"), 400,
                "bad-request");
    }

    @Test
    void anAsteriskTargetIsA404Problem() throws IOException {
        assertProblem(send("OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n"), 404, "not-found");
    }

    /**
     * The limit, pinned so that a change in it is noticed: Netty's decoder (no request line, a malformed header line,
     * an invalid Content-Length, over Netty's own limits), Vert.x (an HTTP version it does not know: 501) and Quarkus
     * (a target {@code java.net.URI} refuses: bad percent-encoding, a backslash) answer these before any handler runs.
     * Nothing of them reaches an upstream.
     */
    @Test
    void whatTheHttpServerRefusesBeforeAnyHandlerIsAnsweredWithoutAProblem() throws IOException {
        String[] requests = {"GARBAGE\r\n\r\n", "GET /api/products extra words HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/products\r\n\r\n", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\r\n\r\n",
                "GET /api/products HTTP/1.1\r\n" + HOST + "NoColonHere\r\n\r\n",
                "GET /api/products HTTP/1.1\r\n" + HOST + "Bad Name: x\r\n\r\n",
                "GET /api/cart HTTP/1.1\r\n" + HOST + "X-Evil: a\rInjected: b\r\n\r\n",
                "PUT /api/cart/items/x HTTP/1.1\r\n" + HOST + "Content-Length: abc\r\n\r\n{}",
                "PUT /api/cart/items/x HTTP/1.1\r\n" + HOST + "Content-Length: -5\r\n\r\n{}",
                "PUT /api/cart/items/x HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "GET /api/products HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(70_000) + "\r\n\r\n",
                "GET /api/products?q=" + "a".repeat(17_000) + " HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/products HTTP/9.9\r\n" + HOST + "\r\n",
                "GET /api/products/%zz%G1% HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/products/..\\..\\internal\\carts\\x HTTP/1.1\r\n" + HOST + "\r\n"};
        for (String request : requests) {
            Raw answer = send(request);
            System.out.println("[MalformedRequestsTest] " + request.substring(0, Math.min(50, request.length()))
                    .replace("\r", "\\r").replace("\n", "\\n") + " -> " + answer.status() + " "
                    + answer.contentType());
            assertThat(answer.status()).as(answer.head()).isIn(0, 400, 413, 414, 431, 501);
        }
        FakeUpstreams.all().forEach(replica -> assertThat(replica.hits("/api/cart/items/x")).isZero());
    }

    private static void assertProblem(Raw answer, int status, String kind) throws IOException {
        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.head()).startsWith("application/problem+json");
        JsonNode problem = answer.problem();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        if (kind != null) {
            assertThat(problem.path("type").asText()).isEqualTo("https://cubeshop.dev/problems/" + kind);
        }
    }

    private static Raw send(String request) throws IOException {
        try (Socket socket = new Socket(Gateway.uri("/").getHost(), Gateway.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // The server answered and closed before the whole request was written.
                }
            });
            String text = read(socket.getInputStream());
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/") || end < 0) {
                return new Raw(0, null, text, text);
            }
            String head = text.substring(0, end);
            String contentType = null;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                }
            }
            return new Raw(Integer.parseInt(head.split(" ")[1]), contentType, text.substring(end + 4), head);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long length = -1;
        int end = -1;
        try {
            for (int read; (read = in.read(chunk)) > 0;) {
                buffer.write(chunk, 0, read);
                String text = buffer.toString(StandardCharsets.ISO_8859_1);
                if (end < 0 && (end = text.indexOf("\r\n\r\n")) >= 0) {
                    for (String line : text.substring(0, end).split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Long.parseLong(line.substring(15).trim());
                        }
                    }
                }
                if (end >= 0 && length >= 0 && buffer.size() >= end + 4 + length) {
                    break;
                }
            }
        } catch (IOException e) {
            if (buffer.size() == 0) {
                return "";
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
