package dev.cubeshop.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cubeshop.systemtests.Shop.Session;

/**
 * Customer tokens signed with the native stack's demo identity provider key ({@code ~/.config/cubeshop/jwt}), for
 * tests that need thousands of customers: the token endpoint is rate-limited per client address (as it should be), and
 * logging in 3,000 customers through it would take minutes. The tokens carry exactly the claims the demo identity
 * provider issues (docs/contracts.md), so the gateway and the services verify them like any other.
 */
public final class TokenMinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final PrivateKey key;

    public TokenMinter() {
        this.key = readKey(keyFile());
    }

    public Session customer(String user) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "cubeshop-demo");
        claims.put("aud", "cubeshop");
        claims.put("sub", user);
        claims.put("upn", user);
        claims.put("groups", List.of("customer"));
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String input = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return new Session(user, input + "." + B64.encodeToString(signer.sign()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token for " + user, e);
        }
    }

    /** Where infra/stack.sh keeps the key pair: CUBESHOP_JWT_DIR, else $XDG_CONFIG_HOME or ~/.config + /cubeshop/jwt. */
    private static Path keyFile() {
        String dir = System.getenv("CUBESHOP_JWT_DIR");
        if (dir == null) {
            String config = System.getenv().getOrDefault("XDG_CONFIG_HOME",
                    Path.of(System.getProperty("user.home"), ".config").toString());
            dir = Path.of(config, "cubeshop", "jwt").toString();
        }
        return Path.of(dir, "private.pem");
    }

    private static PrivateKey readKey(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(base64)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the demo identity provider's key " + pem, e);
        }
    }
}
