package dev.cubeshop.gateway;

import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body into memory up to a limit, without blocking: a declared Content-Length above the limit is
 * refused before reading, a chunked body is counted while it arrives. Either way the answer is a 413 problem and the
 * connection is closed (the rest of the body is never read).
 */
public final class RequestBodies {
    private RequestBodies() {}

    /** Calls {@code then} with the body (null when the request has none), or answers 413 itself. */
    public static void read(RoutingContext ctx, long limit, Consumer<Buffer> then) {
        HttpServerRequest request = ctx.request();
        long declared = length(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        boolean chunked = request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
        if (declared > limit) {
            tooLarge(ctx, limit);
            return;
        }
        if (request.isEnded() || (declared <= 0 && !chunked)) {
            request.resume();
            then.accept(null);
            return;
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                tooLarge(ctx, limit);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (!refused[0] && !ctx.response().ended()) {
                then.accept(body);
            }
        });
        request.resume();
    }

    private static void tooLarge(RoutingContext ctx, long limit) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Problems.send(ctx, 413, "payload-too-large", "The request body is too large",
                "At most " + limit + " bytes are accepted");
    }

    private static long length(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
