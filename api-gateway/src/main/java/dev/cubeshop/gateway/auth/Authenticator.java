package dev.cubeshop.gateway.auth;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import dev.cubeshop.gateway.config.AuthConfig;

/**
 * Builds the token verifier and, when enabled, the demo identity provider from configuration at start-up. In production
 * the demo provider is off and the external issuer's keys come from its JSON Web Key Set ({@code cubeshop.auth.jwks-url},
 * rotated without a restart) or, for a fixed key, from {@code cubeshop.auth.public-key-location}.
 */
// Eager, so a missing key pair is generated (or the key set read) at start-up, never on the event loop of a request.
@Startup
@ApplicationScoped
public class Authenticator {
    private final JwtVerifier verifier;
    private final Optional<DemoIdentityProvider> identityProvider;
    /** Starts the key set's reads, at start-up and now and then: one daemon thread, only with a key set URL. */
    private final Optional<ScheduledExecutorService> keyReads;
    private final Optional<RemoteJwks> jwks;

    Authenticator(AuthConfig config) {
        Clock clock = Clock.systemUTC();
        if (config.jwksUrl().isPresent() && config.publicKeyLocation().isPresent()) {
            throw new IllegalStateException("Set either cubeshop.auth.jwks-url (the issuer's key set) or "
                    + "cubeshop.auth.public-key-location (one fixed key), not both");
        }
        this.identityProvider = config.demoIdp().enabled()
                ? Optional.of(new DemoIdentityProvider(KeyFiles.privateKeyCreatingIfMissing(
                        config.privateKeyLocation().orElseThrow(() -> new IllegalStateException(
                                "cubeshop.auth.demo-idp.enabled needs cubeshop.auth.private-key-location"))),
                        config.issuer(), config.audience(), config.demoIdp().tokenLifetime(), clock))
                : Optional.empty();
        this.keyReads = config.jwksUrl().map(url -> Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("jwks").factory()));
        this.jwks = config.jwksUrl().map(url -> new RemoteJwks(url, config.jwksMinRefresh(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), keyReads.orElseThrow(),
                System::nanoTime).load(Duration.ofSeconds(10)));
        jwks.ifPresent(remote -> keyReads.orElseThrow().scheduleWithFixedDelay(remote::refresh,
                config.jwksRefresh().toMillis(), config.jwksRefresh().toMillis(), TimeUnit.MILLISECONDS));
        SigningKeys keys;
        if (jwks.isPresent()) {
            keys = jwks.get();
        } else if (config.publicKeyLocation().isPresent()) {
            keys = SigningKeys.of(KeyFiles.publicKey(config.publicKeyLocation().get()));
        } else if (identityProvider.isPresent()) {
            keys = SigningKeys.of(identityProvider.get().publicKey());
        } else {
            throw new IllegalStateException("Set cubeshop.auth.jwks-url or cubeshop.auth.public-key-location (the "
                    + "token issuer's keys) or enable the demo identity provider");
        }
        this.verifier = new JwtVerifier(keys, config.issuer(), config.audience(), config.clockSkew(), clock);
    }

    @PreDestroy
    void stop() {
        keyReads.ifPresent(ScheduledExecutorService::shutdownNow);
    }

    public Caller verify(String token) throws InvalidTokenException {
        return verifier.verify(token);
    }

    /**
     * After a token named an unknown key ({@link UnknownKeyException}): a read of the issuer's key set to wait for before
     * checking the token once more, or empty when there is none to wait for (a fixed key, or a read too recent).
     */
    public Optional<CompletableFuture<Void>> keysReread() {
        return jwks.flatMap(RemoteJwks::refreshForUnknownKey);
    }

    public Optional<DemoIdentityProvider> identityProvider() {
        return identityProvider;
    }
}
