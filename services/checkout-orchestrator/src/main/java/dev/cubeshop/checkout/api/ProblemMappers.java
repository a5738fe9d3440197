package dev.cubeshop.checkout.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.cubeshop.checkout.Failure;
import dev.cubeshop.checkout.IdempotencyKeyReusedException;
import dev.cubeshop.checkout.InvalidIdempotencyKeyException;
import dev.cubeshop.checkout.OrderNotCompletedException;
import dev.cubeshop.checkout.OrderNotFoundException;
import dev.cubeshop.platform.Problem;

/** The checkout orchestrator's domain problems (authentication failures: platform's SecurityProblemMappers). */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response notCompleted(OrderNotCompletedException e, UriInfo uri) {
        Failure failure = e.failure();
        Problem problem = Problem.of(failure.status(), failure.kind(), failure.title(), failure.detail())
                .instance(uri.getPath())
                .with("orderId", e.order().id())
                .with("orderStatus", e.order().status());
        if (failure.unavailable() != null) {
            problem.with("unavailable", failure.unavailable());
        }
        return Response.fromResponse(problem.toResponse())
                .location(OrderResource.location(e.order().id()))
                .build();
    }

    @ServerExceptionMapper
    public Response invalidKey(InvalidIdempotencyKeyException e, UriInfo uri) {
        return Problem.of(400, e.missing() ? "idempotency-key-required" : "idempotency-key-invalid",
                "The Idempotency-Key header is missing or invalid", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response keyReused(IdempotencyKeyReusedException e, UriInfo uri) {
        return Problem.of(422, "idempotency-key-reused", "The Idempotency-Key was used for another request",
                e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(OrderNotFoundException e, UriInfo uri) {
        return Problem.of(404, "order-not-found", "No such order", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }
}
