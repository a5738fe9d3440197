package dev.cubeshop.payment.api;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;

import dev.cubeshop.payment.ChargeResult;
import dev.cubeshop.payment.PaymentService;
import dev.cubeshop.payment.PaymentStatus;

/** Service-to-service only; the gateway never routes {@code /internal}. */
@Path("/internal/payments")
public class PaymentResource {
    private final PaymentService payments;

    PaymentResource(PaymentService payments) {
        this.payments = payments;
    }

    /** 201 for the charge that happened now, 200 for a repeat, 202 while the first charge is still with the provider. */
    @POST
    public RestResponse<PaymentView> charge(@Valid @NotNull ChargeRequest request) {
        ChargeResult result = payments.charge(request.orderId(), request.amount().amountMinor(),
                request.amount().currency(), request.paymentToken());
        Status status = result.payment().status() == PaymentStatus.PENDING
                ? Status.ACCEPTED
                : result.created() ? Status.CREATED : Status.OK;
        return RestResponse.status(status, result.payment());
    }

    @GET
    @Path("/{orderId}")
    public PaymentView get(@PathParam("orderId") UUID orderId) {
        return payments.find(orderId);
    }

    /** 200 once refunded; 202 (still CAPTURED) while another caller's refund is still with the provider. */
    @POST
    @Path("/{orderId}/refund")
    public RestResponse<PaymentView> refund(@PathParam("orderId") UUID orderId) {
        PaymentView payment = payments.refund(orderId);
        return RestResponse.status(payment.status() == PaymentStatus.REFUNDED ? Status.OK : Status.ACCEPTED, payment);
    }
}
