package dev.cubeshop.platform.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The few calls of etcd's v3 API that a service registry needs, over etcd's JSON gateway ({@code POST /v3/...}, keys
 * and values base64-encoded): leases (grant, keep alive, revoke), put with a lease, and reading every key under a
 * prefix. Blocking, each call bounded by the timeout; endpoints are tried in order until one answers.
 */
public final class Etcd {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private final List<URI> endpoints;
    private final Duration timeout;
    private final HttpClient http;

    public Etcd(List<URI> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd needs at least one endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Parses a comma-separated endpoint list, e.g. {@code http://127.0.0.1:2379,http://127.0.0.1:22379}. */
    public static List<URI> endpoints(String commaSeparated) {
        return List.of(commaSeparated.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(URI::create).toList();
    }

    public List<URI> endpointList() {
        return endpoints;
    }

    /** A new lease of {@code ttl} (whole seconds, at least 1); keys put with it vanish when it expires. */
    public long grant(Duration ttl) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("TTL", Math.max(1, ttl.toSeconds()));
        return call("/v3/lease/grant", body).path("ID").asLong();
    }

    /** Renews the lease; false when it has expired or was revoked (etcd answers without a TTL then). */
    public boolean keepAlive(long lease) throws IOException {
        JsonNode answer = call("/v3/lease/keepalive", JSON.createObjectNode().put("ID", Long.toString(lease)));
        return answer.path("result").path("TTL").asLong(0) > 0;
    }

    /** Ends the lease now: every key put with it is deleted at once. */
    public void revoke(long lease) throws IOException {
        call("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(lease)));
    }

    public void put(String key, String value, long lease) throws IOException {
        call("/v3/kv/put", JSON.createObjectNode().put("key", encode(key)).put("value", encode(value))
                .put("lease", Long.toString(lease)));
    }

    /** Every key under the prefix with its value, in key order. */
    public Map<String, String> prefix(String prefix) throws IOException {
        JsonNode answer = call("/v3/kv/range",
                JSON.createObjectNode().put("key", encode(prefix)).put("range_end", encode(rangeEnd(prefix))));
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode kv : answer.path("kvs")) {
            found.put(decode(kv.path("key").asText()), decode(kv.path("value").asText("")));
        }
        return found;
    }

    private JsonNode call(String path, ObjectNode body) throws IOException {
        IOException last = null;
        for (URI endpoint : endpoints) {
            HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("etcd " + endpoint + path + " answered " + response.statusCode() + ": "
                            + abbreviate(response.body()));
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling etcd", e);
            }
        }
        throw last;
    }

    /** The smallest key after every key that starts with the prefix: the prefix with its last byte plus one. */
    static String rangeEnd(String prefix) {
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 1]++;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return new String(UNB64.decode(base64), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
