package dev.cubeshop.platform;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one mapper for framework errors in every application: validation, malformed JSON, unknown routes, wrong methods
 * and media types, and anything unexpected. Domain errors have their own small mappers in each service; those are more
 * specific and win. Nothing here echoes a class name or a stack trace to the client.
 */
public class FrameworkProblemMappers {
    private static final Logger LOG = Logger.getLogger(FrameworkProblemMappers.class);
    static final String REQUEST_ID = "X-Request-Id";

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", field(v), "message", v.getMessage()))
                .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                .toList();
        String detail = errors.stream().map(err -> err.get("field") + " " + err.get("message"))
                .collect(Collectors.joining("; "));
        return Problem.of(400, "validation", "The request is not valid", detail)
                .instance(uri.getPath()).with("errors", errors).toResponse();
    }

    // Quarkus REST brings its own mappers for these Jackson exceptions (plain JSON, not problem+json); a mapper for
    // the exact type replaces them, so each type is named here.
    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    /**
     * Quarkus answers these with a bare 500. While a request body is read, the input is what Jackson could not map
     * (two values for one record component, a shape no creator accepts): the client gets a 400, and the log keeps the
     * exception in case the definition itself is at fault. While an answer is written, it is our bug: a 500 problem.
     */
    @ServerExceptionMapper
    public Response undefinableJson(InvalidDefinitionException e, UriInfo uri, HttpHeaders headers) {
        if (!(e.getProcessor() instanceof JsonParser)) {
            return unexpected(e, uri, headers);
        }
        LOG.warnf(e, "A request body to %s could not be mapped", uri.getPath());
        return unreadable(e, uri);
    }

    private static Response unreadable(JsonProcessingException e, UriInfo uri) {
        return Problem.of(400, "malformed-request", "The request body cannot be read", describe(e))
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        if (original.hasEntity() && Problem.PROBLEM_JSON.isCompatible(original.getMediaType())) {
            return original;
        }
        int status = original.getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException unreadable) {
            // A body that ends too early arrives wrapped in a plain 400.
            return unreadable(unreadable, uri);
        }
        Problem problem = switch (status) {
            case 400 -> Problem.of(400, "bad-request", "The request is not valid", safeMessage(e));
            case 401 -> Problem.of(401, "unauthorized", "Authentication is required", null);
            case 403 -> Problem.of(403, "forbidden", "This is not allowed for you", null);
            case 404 -> Problem.of(404, "not-found", "Nothing is here", "No resource at " + uri.getPath());
            case 405 -> Problem.of(405, "method-not-allowed", "This method is not allowed here", null);
            case 406 -> Problem.of(406, "not-acceptable", "The requested media type is not available", null);
            case 413 -> Problem.of(413, "payload-too-large", "The request body is too large", null);
            case 415 -> Problem.of(415, "unsupported-media-type", "The request's media type is not supported",
                    "Send application/json");
            default -> Problem.of(status, "http-" + status, original.getStatusInfo().getReasonPhrase(), null);
        };
        Response.ResponseBuilder answer = Response.fromResponse(problem.instance(uri.getPath()).toResponse());
        if (status == 405 && original.getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        String requestId = headers.getHeaderString(REQUEST_ID);
        if (requestId == null || requestId.isBlank()) {
            requestId = UUID.randomUUID().toString();
        }
        LOG.errorf(e, "Unexpected error on %s (request id %s)", uri.getPath(), requestId);
        return Problem.of(500, "internal", "Something went wrong on our side",
                "The error was logged with request id " + requestId)
                .instance(uri.getPath()).with("requestId", requestId).toResponse();
    }

    private static String field(ConstraintViolation<?> violation) {
        // "reserve.request.lines[0].quantity" -> "lines[0].quantity": the method and parameter names mean nothing
        // to a client.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException
                || e instanceof InvalidDefinitionException) {
            String path = path((JsonMappingException) e);
            return path.isEmpty()
                    ? "The body does not have the expected shape"
                    : "Field '" + path + "' has the wrong type or format";
        }
        if (e instanceof JsonMappingException mapping && e.getCause() instanceof InputCoercionException) {
            // Valid JSON, but a number too large for its field (2147483648 for an int).
            String path = path(mapping);
            return path.isEmpty() ? "A number is out of range" + location(e) : "Field '" + path + "' is out of range";
        }
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field ")) {
            return "A field appears more than once: " + message.substring("Duplicate field ".length())
                    + location(e);
        }
        return "The body is not valid JSON" + location(e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String location(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String safeMessage(WebApplicationException e) {
        // Framework messages for 400s are short and free of internals ("Invalid Idempotency-Key"), but never echo
        // anything that looks like a Java class name.
        String message = e.getMessage();
        if (message == null || message.matches(".*\\b[a-z]+\\.[a-z]+\\.[A-Za-z.$]+.*")) {
            return null;
        }
        return message;
    }
}
