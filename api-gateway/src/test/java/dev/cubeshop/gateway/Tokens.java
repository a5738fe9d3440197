package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cubeshop.gateway.auth.KeyFiles;
import dev.cubeshop.testing.TestTokens;

/** Tokens for tests: real ones from the gateway's token endpoint, and hand-made ones (expired, forged, ...). */
final class Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {}

    static String login(String user) {
        return given().contentType("application/json")
                .body(Map.of("username", user, "password", user))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    /** The key the gateway under test signs with (it generated the file on start). */
    static PrivateKey gatewayKey() {
        return KeyFiles.privateKeyCreatingIfMissing(Path.of("target/test-jwt/private.pem"));
    }

    static PrivateKey strangerKey() {
        return TestTokens.newRsaKeyPair().getPrivate();
    }

    static Map<String, Object> claims(String subject, String group) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "cubeshop-demo");
        claims.put("aud", "cubeshop");
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", List.of(group));
        claims.put("iat", now);
        claims.put("exp", now + 900);
        return claims;
    }

    static String sign(Map<String, Object> claims, PrivateKey key) throws Exception {
        return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims, key);
    }

    static String sign(String header, Map<String, Object> claims, PrivateKey key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signer.sign());
    }

    static Map<?, ?> header(String token) throws Exception {
        return JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[0]), Map.class);
    }

    static Map<?, ?> payload(String token) throws Exception {
        return JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), Map.class);
    }
}
