package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.cubeshop.platform.sharding.ShardMap;
import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/** The invariant checker can fail: real states that break an invariant are reported, naming it. */
@Order(2)
class CheckerIT extends SystemTest {

    @Test
    void stockThatDoesNotAddUpIsReported() {
        Run run = run();
        String sku = run.product(100, 7);
        // The checker is told the product started with one unit more than it did: units went missing.
        InvariantChecker.Report report = run.checker.check(new InvariantChecker.Scope(run.customerPrefix(),
                Map.of(sku, 8), RECOVERY_DEADLINE));
        assertThat(report.violations()).anySatisfy(v -> assertThat(v).startsWith("I1 " + sku + ":"));
    }

    @Test
    void aPurchasedLineStillInTheCartIsReported() {
        Run run = run();
        String sku = run.product(250, 5);
        Session customer = run.customer();
        run.shop.setQuantity(customer, sku, 1);
        Answer order = run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        JourneyIT.awaitEmptyCart(customer);

        // The run's customers never refill after checking out; one that does shows up as invariant 6.
        assertThat(run.shop.setQuantity(customer, sku, 1).status()).isEqualTo(200);
        assertThat(run.check().violations()).anySatisfy(v -> assertThat(v).startsWith("I6 ")
                .contains(customer.user()).contains(sku));

        run.shop.send("DELETE", "/api/cart/items/" + sku, customer, null, Map.of());
        assertThat(run.check().violations()).noneSatisfy(v -> assertThat(v).startsWith("I6 "));
    }

    @Test
    void aCartInAShardThatDoesNotOwnTheCustomerIsReported() throws Exception {
        Run run = run();
        ShardMap shards = new ShardMap(Stack.CART_SHARDS);
        String customer;
        int i = 0;
        do {
            customer = run.customerPrefix() + "misplaced" + i++;
        } while (shards.shardOf(customer) != 0);
        // Written straight into shard 1's database, as a misroute without the shards' own check would have done.
        try (Connection shard1 = DriverManager.getConnection("jdbc:postgresql://"
                + System.getenv().getOrDefault("CUBESHOP_PG_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("CUBESHOP_PG_PORT", "5432") + "/cart_1", "cart_1",
                System.getenv("CUBESHOP_DB_PASSWORD_CART_1"));
                PreparedStatement insert = shard1.prepareStatement(
                        "insert into cart (customer_id, updated_at) values (?, now())");
                PreparedStatement delete = shard1.prepareStatement("delete from cart where customer_id = ?")) {
            insert.setString(1, customer);
            insert.executeUpdate();
            try {
                String misplaced = customer;
                assertThat(run.check().violations()).anySatisfy(v -> assertThat(v).startsWith("I8 ")
                        .contains(misplaced).contains("shard 1"));
            } finally {
                delete.setString(1, customer);
                delete.executeUpdate();
            }
        }
        assertThat(run.check().violations()).noneSatisfy(v -> assertThat(v).startsWith("I8 "));
    }
}
