package dev.cubeshop.platform;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. Every non-2xx answer of every Cubeshop application is one of these.
 *
 * <p>
 * {@code type} is a stable URI per kind of error ({@code https://cubeshop.dev/problems/<kind>}); clients branch on it,
 * never on {@code title} or {@code detail}. Typed extension members ({@code available}, {@code errors}) are added with
 * {@link #with(String, Object)}.
 */
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_BASE = "https://cubeshop.dev/problems/";

    private final Map<String, Object> members = new LinkedHashMap<>();
    private final int status;

    private Problem(String kind, String title, int status, String detail) {
        this.status = status;
        members.put("type", type(kind).toString());
        members.put("title", title);
        members.put("status", status);
        if (detail != null) {
            members.put("detail", detail);
        }
    }

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(kind, title, status, detail);
    }

    public static URI type(String kind) {
        return URI.create(TYPE_BASE + kind);
    }

    public Problem instance(String instance) {
        if (instance != null) {
            members.put("instance", instance);
        }
        return this;
    }

    public Problem with(String member, Object value) {
        members.put(member, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return Map.copyOf(members);
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(members).build();
    }
}
