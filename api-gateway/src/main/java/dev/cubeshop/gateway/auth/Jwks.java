package dev.cubeshop.gateway.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON Web Key Sets (RFC 7517) of RSA signing keys: read an issuer's set, keyed by {@code kid}, and write one. A key's
 * id, where we choose it, is its RFC 7638 thumbprint: the same key always gets the same id, on every replica.
 */
public final class Jwks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private Jwks() {}

    /**
     * The RSA signature keys of a set, by key id. Keys for encryption ({@code "use": "enc"}), for another algorithm than
     * RS256, of another type, or without an id are left out (a token names its key by id); a set with none is refused.
     */
    public static Map<String, PublicKey> read(String json) {
        JsonNode keys;
        try {
            keys = JSON.readTree(json).path("keys");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON Web Key Set: " + e.getOriginalMessage());
        }
        if (!keys.isArray()) {
            throw new IllegalArgumentException("not a JSON Web Key Set: no \"keys\" array");
        }
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (JsonNode key : keys) {
            if (!"RSA".equals(key.path("kty").asText()) || !key.path("kid").isTextual()
                    || !"sig".equals(key.path("use").asText("sig"))
                    || !"RS256".equals(key.path("alg").asText("RS256"))) {
                continue;
            }
            try {
                byId.put(key.get("kid").asText(), KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        unsigned(key.path("n").asText()), unsigned(key.path("e").asText()))));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "the key \"" + key.get("kid").asText() + "\" is not an RSA public key");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("the set has no RSA signature key with a \"kid\"");
        }
        return byId;
    }

    /** A set of the keys, each with its thumbprint as id, for RS256 signatures. */
    public static String write(List<RSAPublicKey> keys) {
        List<Map<String, String>> entries = keys.stream().map(key -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("kty", "RSA");
            entry.put("use", "sig");
            entry.put("alg", "RS256");
            entry.put("kid", thumbprint(key));
            entry.put("n", B64.encodeToString(magnitude(key.getModulus())));
            entry.put("e", B64.encodeToString(magnitude(key.getPublicExponent())));
            return entry;
        }).toList();
        try {
            return JSON.writeValueAsString(Map.of("keys", entries));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, base64url. */
    public static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + B64.encodeToString(magnitude(key.getPublicExponent())) + "\",\"kty\":\"RSA\","
                + "\"n\":\"" + B64.encodeToString(magnitude(key.getModulus())) + "\"}";
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** An unsigned big-endian integer without leading zero bytes (RFC 7518, Base64urlUInt). */
    private static byte[] magnitude(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int zeros = 0;
        while (zeros < bytes.length - 1 && bytes[zeros] == 0) {
            zeros++;
        }
        return java.util.Arrays.copyOfRange(bytes, zeros, bytes.length);
    }

    private static BigInteger unsigned(String base64url) {
        if (base64url.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return new BigInteger(1, B64_DECODER.decode(base64url));
    }
}
