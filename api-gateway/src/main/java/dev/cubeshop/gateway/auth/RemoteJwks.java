package dev.cubeshop.gateway.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * The token issuer's signing keys from its JSON Web Key Set URL, so that the issuer can rotate keys without a gateway
 * restart: read at start-up (the gateway does not start without them), again every {@code refresh}, and at once when a
 * token names a key id the set does not have, at most once per {@code minRefresh} (a stream of made-up key ids costs
 * the issuer one request per interval, not one per token). A failed or empty read keeps the keys already held: an
 * issuer outage never locks everyone out; a key the issuer withdraws stops working at the next successful read.
 * Reads are asynchronous (the JDK's HTTP client, started on {@code launcher}, where a name lookup may block): nothing
 * here blocks an event loop.
 */
public final class RemoteJwks implements SigningKeys {
    private static final Logger LOG = Logger.getLogger(RemoteJwks.class);

    private final URI uri;
    private final Duration minRefresh;
    private final HttpClient client;
    private final Executor launcher;
    private final LongSupplier nanoTime;
    private volatile Map<String, PublicKey> keys = Map.of();
    private CompletableFuture<Void> reading;
    private long lastRead = Long.MIN_VALUE;

    public RemoteJwks(URI uri, Duration minRefresh, HttpClient client, Executor launcher, LongSupplier nanoTime) {
        this.uri = uri;
        this.minRefresh = minRefresh;
        this.client = client;
        this.launcher = launcher;
        this.nanoTime = nanoTime;
    }

    /** Reads the set and waits for it; refuses to go on without keys (start-up). */
    public RemoteJwks load(Duration timeout) {
        try {
            refresh().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // refresh() never fails; a timeout leaves no keys, reported below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("Could not read the token signing keys from " + uri + " within "
                    + timeout.toSeconds() + " s (cubeshop.auth.jwks-url); see the warning above");
        }
        return this;
    }

    @Override
    public PublicKey key(String kid) {
        Map<String, PublicKey> current = keys;
        if (kid == null) {
            // A token without a key id can only mean the issuer's one key.
            return current.size() == 1 ? current.values().iterator().next() : null;
        }
        return current.get(kid);
    }

    /**
     * A read of the set for a token whose key is unknown: the one under way, or a new one unless the last began less
     * than {@code minRefresh} ago (then empty: the token's key is not the issuer's).
     */
    public synchronized Optional<CompletableFuture<Void>> refreshForUnknownKey() {
        if (reading != null) {
            return Optional.of(reading);
        }
        if (lastRead != Long.MIN_VALUE && nanoTime.getAsLong() - lastRead < minRefresh.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(refresh());
    }

    /** Reads the set now (or joins the read under way); completes when done, successfully or not, never exceptionally. */
    public synchronized CompletableFuture<Void> refresh() {
        if (reading != null) {
            return reading;
        }
        lastRead = nanoTime.getAsLong();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json").GET().build();
        CompletableFuture<Void> read = CompletableFuture
                .supplyAsync(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()), launcher)
                .thenCompose(Function.identity())
                .thenAccept(this::take)
                .exceptionally(failure -> {
                    LOG.warnf("Could not read the token signing keys from %s (%s); keeping the %d held", uri,
                            failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure,
                            keys.size());
                    return null;
                });
        reading = read;
        read.whenComplete((done, failure) -> {
            synchronized (this) {
                reading = null;
            }
        });
        return read;
    }

    private void take(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        Map<String, PublicKey> read = Jwks.read(response.body());
        if (!read.keySet().equals(keys.keySet())) {
            LOG.infof("Token signing keys from %s: %s", uri, read.keySet());
        }
        keys = Map.copyOf(read);
    }
}
