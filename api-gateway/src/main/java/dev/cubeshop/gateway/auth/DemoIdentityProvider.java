package dev.cubeshop.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox identity provider of ARCHITECTURE.md "Fixed names": alice, bob and admin with their names as passwords,
 * and any customer name matching {@code [a-z][a-z0-9-]{2,31}} with the name as password. admin is the only
 * administrator. Stateless: it only signs tokens.
 */
public final class DemoIdentityProvider {
    private static final Pattern CUSTOMER_NAME = Pattern.compile("[a-z][a-z0-9-]{2,31}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final RSAPublicKey publicKey;
    private final String header;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;

    public DemoIdentityProvider(PrivateKey key, String issuer, String audience, Duration lifetime, Clock clock) {
        this.key = key;
        this.publicKey = (RSAPublicKey) KeyFiles.publicKeyOf(key);
        // The key id is the key's thumbprint: every replica signing with this key names it alike.
        this.header = B64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + Jwks.thumbprint(publicKey)
                + "\"}").getBytes(StandardCharsets.UTF_8));
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public record IssuedToken(String accessToken, long expiresIn) {}

    /** The public key that verifies this provider's tokens. */
    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The key set that verifies this provider's tokens (served at {@code /.well-known/jwks.json}). */
    public String jwks() {
        return Jwks.write(List.of(publicKey));
    }

    /** A signed token for the user, or empty when the name or password is wrong. */
    public Optional<IssuedToken> login(String username, String password) {
        if (username == null || password == null || !CUSTOMER_NAME.matcher(username).matches()
                || !MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                        password.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        String group = "admin".equals(username) ? "admin" : "customer";
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", username);
        claims.put("upn", username);
        claims.put("groups", List.of(group));
        claims.put("iat", now);
        claims.put("exp", now + lifetime.toSeconds());
        claims.put("jti", UUID.randomUUID().toString());
        return Optional.of(new IssuedToken(sign(claims), lifetime.toSeconds()));
    }

    private String sign(Map<String, Object> claims) {
        try {
            String signingInput = header + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }
}
