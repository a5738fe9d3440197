package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.cubeshop.testing.TestTokens;

/** The service checks tokens itself, and a customer reaches only their own cart. */
@QuarkusTest
class CartSecurityTest {
    private static final String UNAUTHORIZED = "https://cubeshop.dev/problems/unauthorized";

    @Test
    void anotherCustomersTokenCannotReadOrChangeTheCart() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200);

        as(bob).get("/api/cart").then().statusCode(200)
                .body("customerId", equalTo(bob)).body("lines", empty());
        setting(bob, 5).put("/api/cart/items/mug-1").then().statusCode(200).body("customerId", equalTo(bob));
        as(bob).delete("/api/cart/items/mug-1").then().statusCode(200);
        // Neither a query parameter nor a header names a cart: the token's subject does.
        as(bob).queryParam("customerId", alice).get("/api/cart").then().statusCode(200)
                .body("customerId", equalTo(bob));

        as(alice).get("/api/cart").then().statusCode(200)
                .body("lines.sku", contains("mug-1")).body("lines[0].quantity", equalTo(2));
    }

    @Test
    void missingForgedExpiredOrForeignTokensAre401AndChangeNothing() {
        String alice = fresh("alice");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200);

        unauthorized(() -> given());
        unauthorized(() -> given().auth().oauth2(TestTokens.forged(alice)));
        unauthorized(() -> given().auth().oauth2(TestTokens.expired(alice)));
        unauthorized(() -> given().auth().oauth2(TestTokens.wrongAudience(alice)));
        unauthorized(() -> given().auth().oauth2(TestTokens.wrongIssuer(alice)));
        unauthorized(() -> given().auth().oauth2("not-a-jwt"));

        as(alice).get("/api/cart").then().statusCode(200)
                .body("lines.sku", contains("mug-1")).body("lines[0].quantity", equalTo(2));
    }

    @Test
    void anAdministratorHasNoCart() {
        given().auth().oauth2(TestTokens.admin()).get("/api/cart").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/forbidden"));
    }

    private static void unauthorized(Supplier<RequestSpecification> request) {
        List<Response> answers = List.of(
                request.get().get("/api/cart"),
                request.get().contentType(ContentType.JSON).body("{\"quantity\": 9}").put("/api/cart/items/mug-1"),
                request.get().delete("/api/cart/items/mug-1"));
        for (Response answer : answers) {
            answer.then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("type", equalTo(UNAUTHORIZED));
        }
    }
}
