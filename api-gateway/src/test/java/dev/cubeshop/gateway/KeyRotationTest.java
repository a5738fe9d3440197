package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.gateway.auth.FakeIssuer;

/**
 * The issuer rotates its signing keys and the gateway follows without a restart ({@code cubeshop.auth.jwks-url}): a
 * token signed with a key published after start-up is accepted on its first request, a key the issuer withdraws stops
 * working, an issuer outage locks nobody out, and made-up key ids cost the issuer at most one read per interval. Each
 * test begins with the initial key published and read, and the interval since that read over.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(KeyRotationIssuer.class)
class KeyRotationTest {

    @BeforeEach
    void publishTheInitialKey() throws InterruptedException {
        KeyRotationIssuer.issuer.publish(KeyRotationIssuer.initial);
        pastTheMinimumInterval();
        // Any unknown key id makes the gateway read the set as published now.
        cartStatus(token(FakeIssuer.newKey(), "alice"));
        pastTheMinimumInterval();
    }

    /** Waits until the gateway may read the key set again (KeyRotationIssuer: at most every 500 ms). */
    private static void pastTheMinimumInterval() throws InterruptedException {
        Thread.sleep(600);
    }

    private static String token(KeyPair key, String subject) {
        return token(key, subject, FakeIssuer.kid(key));
    }

    private static String token(KeyPair key, String subject, String kid) {
        try {
            return Tokens.sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}",
                    Tokens.claims(subject, "customer"), key.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int cartStatus(String token) {
        return given().auth().oauth2(token).get("/api/cart?probe=" + UUID.randomUUID()).statusCode();
    }

    @Test
    void aTokenSignedWithANewlyPublishedKeyIsAcceptedOnItsFirstRequest() {
        KeyPair rotated = FakeIssuer.newKey();
        KeyRotationIssuer.issuer.publish(KeyRotationIssuer.initial, rotated);
        int reads = KeyRotationIssuer.issuer.reads();

        assertThat(cartStatus(token(rotated, "alice"))).isEqualTo(200);
        assertThat(cartStatus(token(KeyRotationIssuer.initial, "bob"))).as("the old key, during the overlap")
                .isEqualTo(200);
        assertThat(KeyRotationIssuer.issuer.reads()).isEqualTo(reads + 1);
    }

    @Test
    void aKeyTheIssuerWithdrawsStopsWorking() throws InterruptedException {
        KeyPair rotated = FakeIssuer.newKey();
        KeyRotationIssuer.issuer.publish(rotated);
        assertThat(cartStatus(token(rotated, "alice"))).isEqualTo(200);

        pastTheMinimumInterval();
        given().auth().oauth2(token(KeyRotationIssuer.initial, "alice")).get("/api/cart?probe=" + UUID.randomUUID())
                .then().statusCode(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("detail", equalTo("The token is signed with a key this service does not know"));
    }

    @Test
    void withoutTheDemoProviderThereIsNoKeySetToServe() {
        given().get("/.well-known/jwks.json").then().statusCode(404);
    }

    @Test
    void anIssuerOutageLocksNobodyOut() throws InterruptedException {
        KeyRotationIssuer.issuer.fail(503);
        int reads = KeyRotationIssuer.issuer.reads();

        // An unknown key makes the gateway try the issuer (503), and keeps what it has.
        assertThat(cartStatus(token(FakeIssuer.newKey(), "mallory"))).isEqualTo(401);
        assertThat(KeyRotationIssuer.issuer.reads()).isEqualTo(reads + 1);
        assertThat(cartStatus(token(KeyRotationIssuer.initial, "alice"))).isEqualTo(200);
    }

    @Test
    void madeUpKeyIdsAreRefusedAndCostTheIssuerOneReadPerInterval() throws Exception {
        KeyPair stranger = FakeIssuer.newKey();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tokens.add(token(stranger, "mallory", UUID.randomUUID().toString()));
        }
        int reads = KeyRotationIssuer.issuer.reads();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String token : tokens) {
                statuses.add(pool.submit(() -> cartStatus(token)));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(401);
            }
        } finally {
            pool.shutdownNow();
        }
        // One read for the first unknown key id; a second only if the thirty requests outlasted the 500 ms interval.
        assertThat(KeyRotationIssuer.issuer.reads() - reads).isBetween(1, 2);
    }
}
