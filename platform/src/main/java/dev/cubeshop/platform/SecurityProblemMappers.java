package dev.cubeshop.platform;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Authentication and authorisation failures as problem documents, for every service that validates tokens itself.
 *
 * <p>
 * Works only with {@code quarkus.http.auth.proactive=false} in the service: tokens are then checked when an endpoint
 * needs the caller, inside Quarkus REST, so these exceptions reach exception mappers instead of ending as bare 401s
 * with an empty body in the HTTP layer.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of(401, "unauthorized", "Authentication is required",
                "Send a valid bearer token (signature, issuer, audience and expiry are checked)")
                .instance(uri.getPath()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(403, "forbidden", "This is not allowed for you", "Your token lacks the role this needs")
                .instance(uri.getPath()).toResponse();
    }
}
