package dev.cubeshop.platform;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A resource that exists only to provoke framework errors in the tests. */
@Path("/probe")
public class ProbeResource {

    public record LineRequest(@NotBlank String sku, @Min(1) @Max(1000) int quantity) {}

    @POST
    public LineRequest echo(@Valid @NotNull LineRequest request) {
        return request;
    }

    public record OrderRequest(@NotNull List<@Valid LineRequest> lines) {}

    @POST
    @Path("/order")
    public OrderRequest order(@Valid @NotNull OrderRequest request) {
        return request;
    }

    /** Two fields claim one property: Jackson refuses the definition, whatever the body says. */
    public static class Ambiguous {
        @JsonProperty("value")
        public int first;
        @JsonProperty("value")
        public int second;
    }

    @POST
    @Path("/ambiguous")
    public String ambiguous(Ambiguous body) {
        return "never";
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("internal detail that must not leak: dev.cubeshop.Secret");
    }
}
