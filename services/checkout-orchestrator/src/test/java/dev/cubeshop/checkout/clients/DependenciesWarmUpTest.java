package dev.cubeshop.checkout.clients;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.checkout.StandIns;

/**
 * The orchestrator's warm-up connects to every replica of every service the saga calls: each cart shard, inventory
 * replica and payment replica receives one harmless read. (At the application's own start the stand-ins are not
 * listening yet: that warm-up fails, is logged, and the application starts and serves all the other tests anyway.)
 */
@QuarkusTest
class DependenciesWarmUpTest {
    private static final String NO_ORDER = "00000000-0000-0000-0000-000000000000";

    @Inject
    DependenciesWarmUp warmUp;

    @Test
    void theWarmUpReadsOnceFromEveryReplicaOfEveryDependency() {
        StandIns standIns = StandIns.get();
        int[][] before = calls(standIns);

        warmUp.run();

        int[][] after = calls(standIns);
        for (int replica = 0; replica < 2; replica++) {
            assertThat(after[0][replica] - before[0][replica]).as("cart shard %d", replica).isEqualTo(1);
            assertThat(after[1][replica] - before[1][replica]).as("inventory replica %d", replica).isEqualTo(1);
            assertThat(after[2][replica] - before[2][replica]).as("payment replica %d", replica).isEqualTo(1);
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.status", equalTo("UP"));
    }

    private static int[][] calls(StandIns standIns) {
        int[][] calls = new int[3][2];
        for (int replica = 0; replica < 2; replica++) {
            calls[0][replica] = standIns.cart.callsTo(replica, "GET", "/internal/carts/" + DependenciesWarmUp.CUSTOMER);
            calls[1][replica] = standIns.inventory.callsTo(replica, "GET", "/internal/reservations/" + NO_ORDER);
            calls[2][replica] = standIns.payment.callsTo(replica, "GET", "/internal/payments/" + NO_ORDER);
        }
        return calls;
    }
}
