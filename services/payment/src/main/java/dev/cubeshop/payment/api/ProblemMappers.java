package dev.cubeshop.payment.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.cubeshop.payment.PaymentConflictException;
import dev.cubeshop.payment.PaymentDeclinedException;
import dev.cubeshop.payment.PaymentNotFoundException;
import dev.cubeshop.payment.PaymentNotRefundableException;
import dev.cubeshop.payment.PaymentProviderFailedException;
import dev.cubeshop.platform.Problem;

/** The payment service's domain problems (docs/contracts.md). */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response declined(PaymentDeclinedException e, UriInfo uri) {
        return Problem.of(402, "payment-declined", "The payment was declined", e.getMessage())
                .instance(uri.getPath())
                .with("reason", e.payment().declineReason())
                .with("payment", e.payment())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response providerFailed(PaymentProviderFailedException e, UriInfo uri) {
        return Problem.of(502, "payment-provider-error", "The payment provider failed", e.getMessage())
                .instance(uri.getPath())
                .with("payment", e.payment())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(PaymentConflictException e, UriInfo uri) {
        return Problem.of(409, "payment-conflict", "The order already has another payment", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(PaymentNotFoundException e, UriInfo uri) {
        return Problem.of(404, "payment-not-found", "No payment for this order", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response notRefundable(PaymentNotRefundableException e, UriInfo uri) {
        return Problem.of(409, "payment-not-refundable", "The payment cannot be refunded", e.getMessage())
                .instance(uri.getPath())
                .with("payment", e.payment())
                .toResponse();
    }
}
