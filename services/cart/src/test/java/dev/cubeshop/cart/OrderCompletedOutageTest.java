package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.awaitInventoryReachable;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static dev.cubeshop.cart.OrderCompletedConsumerTest.orderCompleted;
import static dev.cubeshop.cart.OrderCompletedConsumerTest.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.Topics;
import dev.cubeshop.testing.DatabaseOutageContract;
import dev.cubeshop.testing.ProxiedDatabase;
import dev.cubeshop.testing.TopicReader;

/**
 * The database goes away (its line cut, through {@link ProxiedDatabase}) while OrderCompleted events arrive, for
 * clearly longer than a handful of quick retries lasts. A good event waits for the database and is applied when it
 * returns; it never reaches the dead-letter topic. A poison message beside it still goes there at once.
 */
@QuarkusTest
@TestProfile(DatabaseOutageContract.BehindProxy.class)
class OrderCompletedOutageTest {
    /** Each attempt meets a refused connection after about a second: five quick retries used to span some 6 s. */
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final String DLQ = Topics.deadLetter(OrderCompleted.TOPIC);

    @Test
    void anEventThatMeetsADatabaseOutageIsAppliedWhenTheDatabaseReturnsAndOnlyPoisonIsDeadLettered()
            throws Exception {
        assumeTrue(ProxiedDatabase.available(), "needs a configured database (./cubeshop test)");
        awaitInventoryReachable();
        String alice = fresh("alice");
        setting(alice, 3).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).put("/api/cart/items/cap-1").then().statusCode(200);
        String key = UUID.randomUUID().toString();
        // A first event applied with the database up: the consumer has its partitions and reads this key's
        // partition, so the events below reach it during the outage rather than after it.
        publish(key, orderCompleted(UUID.randomUUID(), UUID.randomUUID(), alice, Map.of("mug-1", 1)));
        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then().statusCode(200)
                .body("lines.quantity", contains(1, 2)));

        String poison = "{\"eventId\": \"" + UUID.randomUUID() + "\", not json";
        ProxiedDatabase.proxy().cut();
        try {
            long cutAt = System.nanoTime();
            publish(key, poison);
            publish(key, orderCompleted(UUID.randomUUID(), UUID.randomUUID(), alice, Map.of("mug-1", 2, "cap-1", 1)));
            // Poison needs no database to be recognised: it is dead-lettered during the outage.
            await().atMost(EVENTUALLY).until(() -> !TopicReader
                    .valuesWithKey(OrderCompletedConsumerTest.bootstrapServers(), DLQ, key).isEmpty());
            // The outage itself: it lasts, whatever the assertions above took.
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - cutAt).toMillis()));
        } finally {
            ProxiedDatabase.proxy().restore();
        }

        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then().statusCode(200)
                .body("lines", empty()));
        // containsOnly: at-least-once, a rebalance (or another cart consumer group on this broker) may dead-letter
        // the poison twice; the good event must never be there.
        assertThat(TopicReader.valuesWithKey(OrderCompletedConsumerTest.bootstrapServers(), DLQ, key))
                .as("what reached the dead-letter topic with this key")
                .containsOnly(poison);
    }
}
