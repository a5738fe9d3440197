package dev.cubeshop.inventory.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.cubeshop.inventory.InsufficientStockException;
import dev.cubeshop.inventory.InvalidRequestException;
import dev.cubeshop.inventory.ProductExistsException;
import dev.cubeshop.inventory.ProductNotFoundException;
import dev.cubeshop.inventory.ReservationCommittedException;
import dev.cubeshop.inventory.ReservationConflictException;
import dev.cubeshop.inventory.ReservationNotCommittableException;
import dev.cubeshop.inventory.ReservationNotFoundException;
import dev.cubeshop.inventory.StockBelowReservedException;
import dev.cubeshop.inventory.UnknownProductException;
import dev.cubeshop.platform.Problem;

/** The inventory's domain problems (docs/contracts.md), one small mapper each. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response insufficientStock(InsufficientStockException e, UriInfo uri) {
        return Problem.of(409, "insufficient-stock", "Not enough stock", e.getMessage())
                .instance(uri.getPath()).with("unavailable", e.unavailable).toResponse();
    }

    @ServerExceptionMapper
    public Response reservationConflict(ReservationConflictException e, UriInfo uri) {
        return Problem.of(409, "reservation-conflict", "The order already has another reservation", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownProduct(UnknownProductException e, UriInfo uri) {
        return Problem.of(422, "unknown-product", "Unknown product", e.getMessage())
                .instance(uri.getPath()).with("skus", e.skus).toResponse();
    }

    @ServerExceptionMapper
    public Response reservationNotFound(ReservationNotFoundException e, UriInfo uri) {
        return Problem.of(404, "reservation-not-found", "No such reservation", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response notCommittable(ReservationNotCommittableException e, UriInfo uri) {
        return Problem.of(409, "reservation-not-committable", "The reservation can no longer be committed",
                e.getMessage()).instance(uri.getPath()).with("status", e.status.name()).toResponse();
    }

    @ServerExceptionMapper
    public Response committed(ReservationCommittedException e, UriInfo uri) {
        return Problem.of(409, "reservation-committed", "The reservation is committed", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response productNotFound(ProductNotFoundException e, UriInfo uri) {
        return Problem.of(404, "product-not-found", "No such product", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response productExists(ProductExistsException e, UriInfo uri) {
        return Problem.of(409, "product-exists", "The sku is taken", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response stockBelowReserved(StockBelowReservedException e, UriInfo uri) {
        return Problem.of(409, "stock-below-reserved", "Stock cannot drop below what is reserved", e.getMessage())
                .instance(uri.getPath()).with("reserved", e.reserved).toResponse();
    }

    /** Same shape as bean-validation problems, so clients handle one kind of 400. */
    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return Problem.of(400, "validation", "The request is not valid", e.field + " " + e.getMessage())
                .instance(uri.getPath())
                .with("errors", List.of(Map.of("field", e.field, "message", e.getMessage()))).toResponse();
    }
}
