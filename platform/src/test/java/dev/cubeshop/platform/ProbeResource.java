package dev.cubeshop.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** A resource that exists only to provoke framework errors in the tests. */
@Path("/probe")
public class ProbeResource {

    public record LineRequest(@NotBlank String sku, @Min(1) @Max(1000) int quantity) {}

    @POST
    public LineRequest echo(@Valid @NotNull LineRequest request) {
        return request;
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("internal detail that must not leak: dev.cubeshop.Secret");
    }
}
