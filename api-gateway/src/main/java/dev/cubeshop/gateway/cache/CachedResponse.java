package dev.cubeshop.gateway.cache;

import java.util.List;
import java.util.Map;

import io.vertx.core.buffer.Buffer;

/** A stored upstream answer: status, the headers worth replaying, the body, and when it was stored. */
public record CachedResponse(int status, List<Map.Entry<String, String>> headers, Buffer body, long storedAtNanos,
        long ttlNanos) {}
