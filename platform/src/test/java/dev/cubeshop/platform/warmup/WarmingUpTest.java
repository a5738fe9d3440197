package dev.cubeshop.platform.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.NotFoundException;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class WarmingUpTest {
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private WarmUp warmUp(String name, CountDownLatch release, RuntimeException failure) {
        return new WarmUp() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run() throws Exception {
                release.await();
                ran.add(name);
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }

    @Test
    void theReplicaIsUnreadyAndUnannouncedUntilEveryWarmUpRanEvenAFailingOne() {
        CountDownLatch release = new CountDownLatch(1);
        var warmingUp = new WarmingUp(List.of(warmUp("failing", release, new IllegalStateException("refused")),
                warmUp("second", release, null)), Duration.ofSeconds(30));
        AtomicBoolean announced = new AtomicBoolean();

        warmingUp.start();
        warmingUp.whenDone(() -> announced.set(true));

        assertThat(new WarmUpReadiness(warmingUp).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(new WarmUpReadiness(warmingUp).call().getName()).isEqualTo("warm-up");
        assertThat(announced).isFalse();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilTrue(announced);
        assertThat(ran).containsExactly("failing", "second");
        assertThat(new WarmUpReadiness(warmingUp).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aWarmUpThatHangsKeepsTheReplicaUnreadyOnlyUntilTheTimeout() {
        var warmingUp = new WarmingUp(List.of(warmUp("hanging", new CountDownLatch(1), null)),
                Duration.ofMillis(300));
        long start = System.nanoTime();

        warmingUp.start();
        warmingUp.awaitOrGiveUp();

        assertThat(warmingUp.isDone()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(new WarmUpReadiness(warmingUp).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(ran).isEmpty();
    }

    @Test
    void withoutWarmUpsTheReplicaIsReadyAtOnce() {
        var warmingUp = new WarmingUp(List.of(), Duration.ofSeconds(5));
        AtomicBoolean announced = new AtomicBoolean();

        warmingUp.start();
        warmingUp.whenDone(() -> announced.set(true));

        assertThat(announced).isTrue();
        assertThat(new WarmUpReadiness(warmingUp).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void readingFromEachReplicaCountsErrorAnswersAndFailsOnlyWhenNoReadWasAnswered() {
        AtomicInteger reads = new AtomicInteger();
        assertThat(WarmUp.readFromEachReplica(3, () -> {
            if (reads.incrementAndGet() == 2) {
                throw new NotFoundException();
            }
        })).isEqualTo(3);
        assertThat(WarmUp.readFromEachReplica(0, reads::incrementAndGet)).as("at least one read").isEqualTo(1);
        assertThat(WarmUp.readFromEachReplica(50, reads::incrementAndGet)).as("at most eight").isEqualTo(8);

        AtomicInteger attempts = new AtomicInteger();
        assertThat(WarmUp.readFromEachReplica(2, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("refused");
            }
        })).as("one replica down").isEqualTo(1);
        assertThatThrownBy(() -> WarmUp.readFromEachReplica(2, () -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class).hasMessage("refused");
    }
}
