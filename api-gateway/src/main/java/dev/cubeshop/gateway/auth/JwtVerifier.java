package dev.cubeshop.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks an RS256 JWT: exactly that algorithm (never "none", never HMAC with the public key), the signature with the key
 * the token names ({@code kid}, {@link SigningKeys}), the issuer, the audience and the expiry. CPU only, no I/O: safe on the event loop (an RSA-2048 verification takes tens of
 * microseconds).
 */
public final class JwtVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final long skewSeconds;
    private final Clock clock;
    // Signature objects are not thread-safe; one per event-loop thread avoids a lookup per request.
    private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(JwtVerifier::newSignature);

    public JwtVerifier(SigningKeys keys, String issuer, String audience, Duration skew, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.skewSeconds = skew.toSeconds();
        this.clock = clock;
    }

    public Caller verify(String token) throws InvalidTokenException {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            throw new InvalidTokenException("The token is not a signed JWT");
        }
        JsonNode header = json(token.substring(0, first));
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new InvalidTokenException("The token must be signed with RS256");
        }
        PublicKey key = keys.key(header.path("kid").isTextual() ? header.get("kid").asText() : null);
        if (key == null) {
            throw new UnknownKeyException();
        }
        if (!signatureMatches(token, second, key)) {
            throw new InvalidTokenException("The token's signature is not valid");
        }
        JsonNode claims = json(token.substring(first + 1, second));
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            throw new InvalidTokenException("The token has no expiry");
        }
        if (now > exp.asLong() + skewSeconds) {
            throw new InvalidTokenException("The token has expired");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.isNumber() && now + skewSeconds < nbf.asLong()) {
            throw new InvalidTokenException("The token is not valid yet");
        }
        if (!issuer.equals(claims.path("iss").asText())) {
            throw new InvalidTokenException("The token was issued by someone else");
        }
        if (!audienceMatches(claims.get("aud"))) {
            throw new InvalidTokenException("The token is meant for another audience");
        }
        String subject = claims.path("sub").asText("");
        if (subject.isBlank()) {
            throw new InvalidTokenException("The token names no subject");
        }
        Set<String> groups = new HashSet<>();
        claims.path("groups").forEach(group -> groups.add(group.asText()));
        return new Caller(subject, Set.copyOf(groups));
    }

    private boolean signatureMatches(String token, int signatureStart, PublicKey key) throws InvalidTokenException {
        byte[] signature = decode(token.substring(signatureStart + 1));
        try {
            Signature verifier = signatures.get();
            verifier.initVerify(key);
            verifier.update(token.substring(0, signatureStart).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean audienceMatches(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode each : aud) {
                if (audience.equals(each.asText())) {
                    return true;
                }
            }
            return false;
        }
        return audience.equals(aud.asText());
    }

    private static JsonNode json(String part) throws InvalidTokenException {
        try {
            JsonNode node = JSON.readTree(decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException("The token is not a signed JWT");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new InvalidTokenException("The token is not a signed JWT");
        }
    }

    private static byte[] decode(String part) throws InvalidTokenException {
        try {
            return B64.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("The token is not a signed JWT");
        }
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance("SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is not available", e);
        }
    }
}
