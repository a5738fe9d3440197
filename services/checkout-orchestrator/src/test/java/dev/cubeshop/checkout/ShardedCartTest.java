package dev.cubeshop.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.cubeshop.platform.sharding.ShardMap;
import dev.cubeshop.testing.TestTokens;

/**
 * Carts in two shards (the Z-axis; every test here runs with two, see StandIns): the saga reads each customer's cart
 * from the shard that owns the customer (a stand-in shard answers 421 for anyone else's), and a shard that is down
 * costs only its own customers.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(StandIns.class)
class ShardedCartTest extends CheckoutTestSupport {
    private static final ShardMap MAP = new ShardMap(2);

    @Test
    void customersOfTheLiveShardCheckOutWhileThoseOfTheDownShardGetAFast503() {
        for (int shard = 0; shard < 2; shard++) {
            String customer = customerOnShard(shard);
            String sku = sku();
            standIns.inventory.stock(sku, "Cube " + sku, 1999, 10);
            standIns.cart.put(customer, sku, 2, 1500);
            checkout(customer, UUID.randomUUID().toString(), "tok_visa").then().statusCode(201)
                    .body("status", equalTo("COMPLETED"));
        }
        standIns.cart.down(1);
        for (int i = 0; i < 3; i++) {
            String shard0 = customerOnShard(0);
            String sku = sku();
            standIns.inventory.stock(sku, "Cube " + sku, 1999, 10);
            standIns.cart.put(shard0, sku, 2, 1500);
            checkout(shard0, UUID.randomUUID().toString(), "tok_visa").then().statusCode(201)
                    .body("status", equalTo("COMPLETED"));

            String shard1 = customerOnShard(1);
            standIns.cart.put(shard1, sku, 1, 1500);
            long started = System.nanoTime();
            Response answer = checkout(shard1, UUID.randomUUID().toString(), "tok_visa");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            answer.then().statusCode(503)
                    .body("type", equalTo("https://cubeshop.dev/problems/dependency-unavailable"));
            assertThat(tookMillis).as("a refused shard fails fast").isLessThan(3_000);
            assertThat(standIns.inventory.reserveCalls(orderId(answer))).isZero();
        }
    }

    private static String customerOnShard(int shard) {
        String customer;
        do {
            customer = customer();
        } while (MAP.shardOf(customer) != shard);
        return customer;
    }
}
