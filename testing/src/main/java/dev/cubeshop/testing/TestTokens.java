package dev.cubeshop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Signed JWTs for tests, with a key pair generated at test time (no key is ever committed). As a Quarkus test
 * resource it configures the application to trust that key with the issuer and audience of docs/contracts.md:
 * {@code @QuarkusTestResource(TestTokens.class)} on one test class applies to every test of the module.
 *
 * <p>
 * The application must name a verification key at build time, e.g.
 * {@code %test.mp.jwt.verify.publickey.location=replaced-by-TestTokens}: without one, SmallRye JWT in test mode
 * generates a key pair of its own that outranks this resource, and every token is refused.
 *
 * <p>
 * The key pair lives in temporary files named by system properties, so the test resource (started in Quarkus'
 * class loader) and the test code (in JUnit's) see the same keys.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {
    public static final String ISSUER = "cubeshop-demo";
    public static final String AUDIENCE = "cubeshop";
    private static final String PRIVATE_KEY_FILE = "cubeshop.test.jwt.private-key-file";
    private static final String PUBLIC_KEY_FILE = "cubeshop.test.jwt.public-key-file";

    @Override
    public Map<String, String> start() {
        keys();
        return Map.of(
                "mp.jwt.verify.publickey.location", Path.of(System.getProperty(PUBLIC_KEY_FILE)).toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    @Override
    public void stop() {}

    /** A valid customer token: {@code sub} = {@code upn} = the name, group {@code customer}, 15 minutes. */
    public static String customer(String name) {
        return sign(claims(name, List.of("customer"), ISSUER, AUDIENCE, Instant.now().plus(Duration.ofMinutes(15))),
                keys().getPrivate());
    }

    /** A valid administrator token. */
    public static String admin() {
        return sign(claims("admin", List.of("admin"), ISSUER, AUDIENCE, Instant.now().plus(Duration.ofMinutes(15))),
                keys().getPrivate());
    }

    public static String expired(String name) {
        return sign(claims(name, List.of("customer"), ISSUER, AUDIENCE, Instant.now().minus(Duration.ofMinutes(5))),
                keys().getPrivate());
    }

    public static String wrongAudience(String name) {
        return sign(claims(name, List.of("customer"), ISSUER, "someone-else",
                Instant.now().plus(Duration.ofMinutes(15))), keys().getPrivate());
    }

    public static String wrongIssuer(String name) {
        return sign(claims(name, List.of("customer"), "https://evil.example", AUDIENCE,
                Instant.now().plus(Duration.ofMinutes(15))), keys().getPrivate());
    }

    /** Well-formed and unexpired, but signed by a key the application does not trust. */
    public static String forged(String name) {
        return sign(claims(name, List.of("customer"), ISSUER, AUDIENCE, Instant.now().plus(Duration.ofMinutes(15))),
                newRsaKeyPair().getPrivate());
    }

    private static Map<String, Object> claims(String subject, List<String> groups, String issuer, String audience,
            Instant expiry) {
        Instant now = Instant.now();
        return Map.of("iss", issuer, "aud", audience, "sub", subject, "upn", subject, "groups", groups,
                "iat", now.getEpochSecond() - 60, "exp", expiry.getEpochSecond(),
                "jti", java.util.UUID.randomUUID().toString());
    }

    private static String sign(Map<String, Object> claims, PrivateKey key) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = url.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TestTokens::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static synchronized KeyPair keys() {
        try {
            String privateFile = System.getProperty(PRIVATE_KEY_FILE);
            if (privateFile == null) {
                KeyPair pair = newRsaKeyPair();
                Path dir = Files.createTempDirectory("cubeshop-test-jwt");
                Path privatePath = dir.resolve("private.der");
                Path publicPath = dir.resolve("public.pem");
                Files.write(privatePath, pair.getPrivate().getEncoded());
                Files.writeString(publicPath, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
                privatePath.toFile().deleteOnExit();
                publicPath.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                System.setProperty(PRIVATE_KEY_FILE, privatePath.toString());
                System.setProperty(PUBLIC_KEY_FILE, publicPath.toString());
                return pair;
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa
                    .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(Path.of(privateFile))));
            String pem = Files.readString(Path.of(System.getProperty(PUBLIC_KEY_FILE)));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(der));
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh RSA-2048 key pair (a stranger's key, an issuer's next key). */
    public static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
