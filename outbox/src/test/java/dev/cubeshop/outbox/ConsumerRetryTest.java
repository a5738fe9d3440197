package dev.cubeshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.cubeshop.events.OrderFailed;

class ConsumerRetryTest {
    private static final OrderFailed EVENT = OrderFailed.of(UUID.randomUUID(), "alice", "FAILED", "test");

    private final AtomicInteger transactions = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private ConsumerRetry retry(Duration initialBackoff, Duration maxBackoff) {
        return new ConsumerRetry(new ConsumerRetryConfig() {
            @Override
            public Duration initialBackoff() {
                return initialBackoff;
            }

            @Override
            public Duration maxBackoff() {
                return maxBackoff;
            }
        }, () -> false, effect -> {
            transactions.incrementAndGet();
            effect.run();
        }, registry);
    }

    @Test
    void aFailureThatIsNotPoisonIsRetriedEachTimeInANewTransactionUntilTheEffectIsApplied() {
        AtomicInteger attempts = new AtomicInteger();
        retry(Duration.ofMillis(1), Duration.ofMillis(4)).untilApplied("test", EVENT, () -> {
            if (attempts.incrementAndGet() <= 8) {
                throw new IllegalStateException("the database is gone");
            }
        });

        assertThat(attempts).hasValue(9);
        assertThat(transactions).hasValue(9);
        assertThat(OutboxMetrics.retries(registry, "test").count()).isEqualTo(8.0);
    }

    @Test
    void poisonIsThrownAtOnceEvenWhenWrappedAndNeverRetried() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException wrapped = new RuntimeException(new PoisonMessageException("no orderId"));

        assertThatThrownBy(() -> retry(Duration.ofMillis(1), Duration.ofMillis(1)).untilApplied("test", EVENT, () -> {
            attempts.incrementAndGet();
            throw wrapped;
        })).isSameAs(wrapped);
        assertThat(attempts).hasValue(1);
        assertThat(OutboxMetrics.retries(registry, "test").count()).isZero();
    }

    @Test
    void stoppingEndsTheWaitAtOnceAndNothingIsAppliedAfterwards() throws Exception {
        ConsumerRetry retry = retry(Duration.ofMinutes(1), Duration.ofMinutes(1));
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch failedOnce = new CountDownLatch(1);
        CompletableFuture<Void> consuming = CompletableFuture.runAsync(() -> retry.untilApplied("test", EVENT, () -> {
            attempts.incrementAndGet();
            failedOnce.countDown();
            throw new IllegalStateException("the database is gone");
        }));
        assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();

        retry.stop();

        assertThatThrownBy(() -> consuming.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConsumerStoppedException.class);
        assertThat(attempts).hasValue(1);
        assertThatThrownBy(() -> retry.untilApplied("test", EVENT, attempts::incrementAndGet))
                .isInstanceOf(ConsumerStoppedException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anInterruptThatIsNoShutdownFailsLoudlyInsteadOfLeavingTheEventBehindQuietly() throws Exception {
        ConsumerRetry retry = retry(Duration.ofMinutes(1), Duration.ofMinutes(1));
        CountDownLatch failedOnce = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread consuming = Thread.ofPlatform().start(() -> {
            try {
                retry.untilApplied("test", EVENT, () -> {
                    failedOnce.countDown();
                    throw new IllegalStateException("the database is gone");
                });
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();

        consuming.interrupt();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(ConsumerStoppedException.class).hasCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void insideATransactionNothingIsAttempted() {
        ConsumerRetry retry = new ConsumerRetry(null, () -> true, effect -> effect.run(), registry);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.untilApplied("test", EVENT, attempts::incrementAndGet))
                .isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(0);
    }
}
