package dev.cubeshop.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteJwksTest {
    private static final Duration MIN_REFRESH = Duration.ofSeconds(30);

    private final FakeIssuer issuer = new FakeIssuer();
    private final AtomicLong now = new AtomicLong();
    private final KeyPair first = FakeIssuer.newKey();
    private final KeyPair second = FakeIssuer.newKey();

    @AfterEach
    void stop() {
        issuer.close();
    }

    private RemoteJwks keys() {
        return new RemoteJwks(issuer.uri(), MIN_REFRESH, HttpClient.newHttpClient(), Runnable::run, now::get);
    }

    private static void await(Optional<CompletableFuture<Void>> read) throws Exception {
        assertThat(read).as("a read of the key set").isPresent();
        read.get().get(10, TimeUnit.SECONDS);
    }

    @Test
    void startUpReadsTheSetAndFindsKeysByTheirIds() {
        issuer.publish(first, second);

        RemoteJwks keys = keys().load(Duration.ofSeconds(10));

        assertThat(keys.key(FakeIssuer.kid(first))).isEqualTo(first.getPublic());
        assertThat(keys.key(FakeIssuer.kid(second))).isEqualTo(second.getPublic());
        assertThat(keys.key("someone-elses")).isNull();
        assertThat(keys.key(null)).as("a token without kid, with two keys to choose from").isNull();
    }

    @Test
    void aTokenWithoutKeyIdMeansTheIssuersOnlyKey() {
        issuer.publish(first);

        assertThat(keys().load(Duration.ofSeconds(10)).key(null)).isEqualTo(first.getPublic());
    }

    @Test
    void withoutKeysAtStartUpTheGatewayDoesNotStart() {
        issuer.fail(503);

        assertThatThrownBy(() -> keys().load(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(issuer.uri().toString());
    }

    @Test
    void anUnknownKeyIdReadsTheSetAgainButAtMostOncePerInterval() throws Exception {
        issuer.publish(first);
        RemoteJwks keys = keys().load(Duration.ofSeconds(10));
        issuer.publish(first, second);

        assertThat(keys.refreshForUnknownKey()).as("a read within the interval after the last").isEmpty();
        now.addAndGet(MIN_REFRESH.toNanos());
        await(keys.refreshForUnknownKey());

        assertThat(keys.key(FakeIssuer.kid(second))).isEqualTo(second.getPublic());
        assertThat(keys.refreshForUnknownKey()).isEmpty();
        assertThat(issuer.reads()).isEqualTo(2);
    }

    @Test
    void concurrentUnknownKeysShareOneRead() throws Exception {
        issuer.publish(first);
        RemoteJwks keys = keys().load(Duration.ofSeconds(10));
        now.addAndGet(MIN_REFRESH.toNanos());

        List<Optional<CompletableFuture<Void>>> reads = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Optional<CompletableFuture<Void>> read = keys.refreshForUnknownKey();
                synchronized (reads) {
                    reads.add(read);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (Optional<CompletableFuture<Void>> read : reads) {
            if (read.isPresent()) {
                read.get().get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(issuer.reads()).as("reads: the one at start-up and one for all sixteen").isEqualTo(2);
    }

    @Test
    void aFailedReadKeepsTheKeysAndAWithdrawnKeyStopsWorking() throws Exception {
        issuer.publish(first, second);
        RemoteJwks keys = keys().load(Duration.ofSeconds(10));

        issuer.fail(500);
        keys.refresh().get(10, TimeUnit.SECONDS);
        assertThat(keys.key(FakeIssuer.kid(first))).as("after a failed read").isEqualTo(first.getPublic());

        issuer.publish(second);
        keys.refresh().get(10, TimeUnit.SECONDS);
        assertThat(keys.key(FakeIssuer.kid(first))).as("withdrawn by the issuer").isNull();
        assertThat(keys.key(FakeIssuer.kid(second))).isEqualTo(second.getPublic());
    }

    @Test
    void anUnreachableIssuerKeepsTheKeysToo() throws Exception {
        issuer.publish(first);
        RemoteJwks keys = keys().load(Duration.ofSeconds(10));

        issuer.close();
        keys.refresh().get(10, TimeUnit.SECONDS);

        assertThat(keys.key(FakeIssuer.kid(first))).isEqualTo(first.getPublic());
    }
}
