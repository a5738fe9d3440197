package dev.cubeshop.gateway.auth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import dev.cubeshop.gateway.config.AuthConfig;

/**
 * Builds the token verifier and, when enabled, the demo identity provider from configuration at start-up. In production
 * the demo provider is off and {@code cubeshop.auth.public-key-location} names the external issuer's key.
 */
// Eager, so a missing key pair is generated at start-up, never on the event loop of a first request.
@Startup
@ApplicationScoped
public class Authenticator {
    private final JwtVerifier verifier;
    private final Optional<DemoIdentityProvider> identityProvider;

    Authenticator(AuthConfig config) {
        Clock clock = Clock.systemUTC();
        PrivateKey privateKey = null;
        if (config.demoIdp().enabled()) {
            privateKey = KeyFiles.privateKeyCreatingIfMissing(config.privateKeyLocation().orElseThrow(
                    () -> new IllegalStateException(
                            "cubeshop.auth.demo-idp.enabled needs cubeshop.auth.private-key-location")));
        }
        PublicKey publicKey;
        if (config.publicKeyLocation().isPresent()) {
            publicKey = KeyFiles.publicKey(config.publicKeyLocation().get());
        } else if (privateKey != null) {
            publicKey = KeyFiles.publicKeyOf(privateKey);
        } else {
            throw new IllegalStateException("Set cubeshop.auth.public-key-location (the token issuer's public key) "
                    + "or enable the demo identity provider");
        }
        this.verifier = new JwtVerifier(publicKey, config.issuer(), config.audience(), config.clockSkew(), clock);
        this.identityProvider = privateKey == null
                ? Optional.empty()
                : Optional.of(new DemoIdentityProvider(privateKey, config.issuer(), config.audience(),
                        config.demoIdp().tokenLifetime(), clock));
    }

    public Caller verify(String token) throws InvalidTokenException {
        return verifier.verify(token);
    }

    public Optional<DemoIdentityProvider> identityProvider() {
        return identityProvider;
    }
}
