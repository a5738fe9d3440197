package dev.cubeshop.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Token checking and the demo identity provider. */
@ConfigMapping(prefix = "cubeshop.auth")
public interface AuthConfig {

    @WithDefault("cubeshop-demo")
    String issuer();

    @WithDefault("cubeshop")
    String audience();

    /**
     * The token issuer's JSON Web Key Set (e.g. Keycloak's {@code .../protocol/openid-connect/certs}): tokens are checked
     * with the key their {@code kid} names, and the set is read again, so the issuer can rotate keys without a restart.
     */
    Optional<URI> jwksUrl();

    /** How often the key set is read again (a withdrawn key stops working within this). */
    @WithDefault("10m")
    Duration jwksRefresh();

    /** A token naming a key the set lacks reads it again at once, but at most this often. */
    @WithDefault("30s")
    Duration jwksMinRefresh();

    /** PEM (X.509) public key that verifies tokens: one fixed key. Without it (and without a key set), the demo key. */
    Optional<Path> publicKeyLocation();

    /** PEM (PKCS#8) private key of the demo identity provider; generated there on first start if missing. */
    Optional<Path> privateKeyLocation();

    @WithDefault("30s")
    Duration clockSkew();

    DemoIdp demoIdp();

    interface DemoIdp {
        /** Serve POST /api/auth/token. Never in a real production deployment. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("15m")
        Duration tokenLifetime();
    }
}
