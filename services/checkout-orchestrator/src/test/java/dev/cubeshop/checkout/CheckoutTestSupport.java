package dev.cubeshop.checkout;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

import dev.cubeshop.testing.TestTokens;

/** What the checkout tests share: the stand-ins, unique customers and SKUs, and the checkout call itself. */
abstract class CheckoutTestSupport {
    protected final StandIns standIns = StandIns.get();

    @Inject
    CircuitBreakerMaintenance breakers;

    private static boolean warm;

    @BeforeEach
    void everyDependencyIsUpAndTrusted() {
        standIns.cart.up();
        standIns.inventory.up();
        standIns.payment.up();
        standIns.inventory.heal();
        warmUp();
        // A test that took a dependency down must not leave its breaker open for the next one.
        breakers.resetAll();
    }

    /**
     * The first calls of a fresh JVM (class loading, client set-up) can outlast the tests' short timeouts; one
     * checkout before the first test keeps that cost out of the assertions.
     */
    private void warmUp() {
        synchronized (CheckoutTestSupport.class) {
            if (!warm) {
                checkout(customerWithCart(sku(), 10), UUID.randomUUID().toString(), "tok_visa");
                warm = true;
            }
        }
    }

    static String customer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static String sku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A customer with one line in the cart: 2 × a product that inventory prices at 1999 (the cart says 1500). */
    String customerWithCart(String sku, int onHand) {
        String customer = customer();
        standIns.inventory.stock(sku, "Cube " + sku, 1999, onHand);
        standIns.cart.put(customer, sku, 2, 1500);
        return customer;
    }

    static Response checkout(String customer, String idempotencyKey, String paymentToken) {
        return given().auth().oauth2(TestTokens.customer(customer))
                .header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON)
                .body("{\"paymentToken\": \"" + paymentToken + "\"}")
                .post("/api/checkout");
    }

    static Response order(String customer, UUID orderId) {
        return given().auth().oauth2(TestTokens.customer(customer)).get("/api/orders/" + orderId);
    }

    static UUID orderId(Response response) {
        return UUID.fromString(response.path(response.statusCode() < 300 ? "id" : "orderId"));
    }
}
