package dev.cubeshop.platform.warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Runs the application's {@link WarmUp}s once at start-up, on a thread of their own, and holds the replica out of
 * service until they are done: start-up waits for them, readiness reports "warm-up" DOWN meanwhile
 * ({@link WarmUpReadiness}: Kubernetes and compose send no traffic), and the registry {@code Registration} joins only
 * afterwards (the native stack's gateway and clients do not see the replica yet). The wait is bounded by
 * {@code cubeshop.warm-up.timeout}: a warm-up stuck on a hanging dependency must not keep a replica unready forever.
 */
@ApplicationScoped
public class WarmingUp {
    private static final Logger LOG = Logger.getLogger(WarmingUp.class);

    private final List<WarmUp> warmUps;
    private final Duration timeout;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    @Inject
    WarmingUp(@Any Instance<WarmUp> warmUps,
            @ConfigProperty(name = "cubeshop.warm-up.timeout", defaultValue = "5s") Duration timeout) {
        this(warmUps.stream().toList(), timeout);
    }

    WarmingUp(List<WarmUp> warmUps, Duration timeout) {
        this.warmUps = warmUps;
        this.timeout = timeout;
    }

    /**
     * Start-up waits for the warm-ups too (bounded by the timeout), so "started" means warm: a test that begins once
     * the application has started sees no warm-up traffic, and a log's "started in" includes it.
     */
    void onStart(@Observes StartupEvent event) {
        start();
        awaitOrGiveUp();
    }

    /** Starts the warm-ups on a thread of their own; they are done when the last one has run (or failed). */
    void start() {
        if (warmUps.isEmpty()) {
            done.complete(null);
            return;
        }
        Thread.ofPlatform().daemon().name("warm-up").start(() -> {
            runAll();
            done.complete(null);
        });
    }

    /**
     * Waits for the warm-ups up to the timeout; past it, they count as done (the replica takes traffic) while a hanging
     * one goes on in the background, harmlessly.
     */
    void awaitOrGiveUp() {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Warm-up still running after %d ms; taking traffic anyway", timeout.toMillis());
            done.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.complete(null);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // never: done is only ever completed normally
        }
    }

    private void runAll() {
        for (WarmUp warmUp : warmUps) {
            long start = System.nanoTime();
            try {
                warmUp.run();
                LOG.infof("Warmed up the %s in %d ms", warmUp.name(), elapsedMillis(start));
            } catch (Exception e) {
                LOG.warnf("Could not warm up the %s in %d ms (%s); taking traffic anyway", warmUp.name(),
                        elapsedMillis(start), e.toString());
            }
        }
    }

    /**
     * Runs {@code action} once the warm-ups are done: at once when they are, else on the thread that finishes them (the
     * warm-up thread, or start-up's when it gives up waiting).
     */
    public void whenDone(Runnable action) {
        done.thenRun(action);
    }

    public boolean isDone() {
        return done.isDone();
    }

    private static long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
