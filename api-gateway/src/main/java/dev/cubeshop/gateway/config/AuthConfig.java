package dev.cubeshop.gateway.config;

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

    /** PEM (X.509) public key that verifies tokens. Without it, the demo identity provider's key is used. */
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
