package dev.cubeshop.platform;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts the gateway's request id ({@code X-Request-Id}) into the log MDC of every REST request, so that each log line a
 * request causes carries it (the JSON logs' {@code requestId} field) beside the trace id.
 */
public class RequestIdLogging {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    /** The gateway sends a UUID; anything longer is not one of ours and is not copied into logs. */
    private static final int MAX_LENGTH = 64;

    @ServerRequestFilter(preMatching = true)
    public void requestId(ContainerRequestContext request) {
        String id = request.getHeaderString(HEADER);
        if (id != null && id.length() <= MAX_LENGTH && id.chars().allMatch(c -> c > ' ' && c < 127)) {
            MDC.put(MDC_KEY, id);
        } else {
            MDC.remove(MDC_KEY);
        }
    }

    @ServerResponseFilter
    public void done() {
        MDC.remove(MDC_KEY);
    }
}
