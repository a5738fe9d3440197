package dev.cubeshop.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aFullBucketAllowsItsCapacityAtOnceThenSaysHowLongToWait() {
        TokenBucket bucket = new TokenBucket(3, 2, 0);

        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isEqualTo(SECOND / 2);
    }

    @Test
    void tokensComeBackAtTheRefillRateButNeverBeyondTheCapacity() {
        TokenBucket bucket = new TokenBucket(2, 1, 0);
        bucket.tryTake(0);
        bucket.tryTake(0);

        assertThat(bucket.tryTake(SECOND)).isZero();
        assertThat(bucket.tryTake(SECOND)).isPositive();
        long muchLater = 100 * SECOND;
        assertThat(bucket.tryTake(muchLater)).isZero();
        assertThat(bucket.tryTake(muchLater)).isZero();
        assertThat(bucket.tryTake(muchLater)).isPositive();
    }

    @Test
    void aBucketIsIdleOnlyWhenFullAndUnusedSinceTheCutOff() {
        TokenBucket bucket = new TokenBucket(2, 1, 0);
        bucket.tryTake(5 * SECOND);

        assertThat(bucket.isIdle(6 * SECOND, 4 * SECOND)).isFalse();
        assertThat(bucket.isIdle(70 * SECOND, 10 * SECOND)).isTrue();
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheCapacity() throws Exception {
        // Event loops share buckets: 8 threads racing for 1,000 tokens with no refill to speak of.
        TokenBucket bucket = new TokenBucket(1000, 0.001, 0);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> racers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            racers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                    if (bucket.tryTake(1) == 0) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> racer : racers) {
            racer.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(granted.get()).isEqualTo(1000);
    }
}
