package dev.cubeshop.platform;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A request body is one JSON value, read exactly once. Jackson would otherwise let the last of two equal keys win
 * ({@code {"quantity": 0, "quantity": 100}}: which one did the client mean?), or, for records, fail with a definition
 * error that ends as a 500; and it would ignore whatever follows the value ({@code {"quantity": 1}}}). Both are
 * malformed requests.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
