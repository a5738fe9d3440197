package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.cubeshop.testing.TestTokens;

/** The customer's cart API against the real database and a real HTTP stand-in for inventory. */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(InventoryStandIn.class)
class CartResourceTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String TYPE = "https://cubeshop.dev/problems/";

    @Test
    void aCustomerWithoutACartSeesAnEmptyOne() {
        String alice = fresh("alice");
        as(alice).get("/api/cart").then().statusCode(200)
                .body("customerId", equalTo(alice))
                .body("lines", empty())
                .body("total.amountMinor", equalTo(0))
                .body("total.currency", equalTo("EUR"))
                .body("updatedAt", nullValue());
    }

    @Test
    void settingChangingAndRemovingLinesKeepsTotalsInMinorUnits() {
        String alice = fresh("alice");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200)
                .body("lines.sku", contains("mug-1"))
                .body("lines[0].name", equalTo("Mug"))
                .body("lines[0].quantity", equalTo(2))
                .body("lines[0].unitPrice.amountMinor", equalTo(1250))
                .body("lines[0].unitPrice.currency", equalTo("EUR"))
                .body("lines[0].lineTotal.amountMinor", equalTo(2500))
                .body("total.amountMinor", equalTo(2500))
                .body("updatedAt", notNullValue());

        setting(alice, 3).put("/api/cart/items/tee-1").then().statusCode(200)
                .body("total.amountMinor", equalTo(2500 + 3 * 1999));

        setting(alice, 1).put("/api/cart/items/mug-1").then().statusCode(200)
                .body("lines.sku", contains("mug-1", "tee-1"))
                .body("lines.quantity", contains(1, 3))
                .body("total.amountMinor", equalTo(1250 + 5997));

        as(alice).delete("/api/cart/items/tee-1").then().statusCode(200)
                .body("lines.sku", contains("mug-1"))
                .body("total.amountMinor", equalTo(1250));

        as(alice).get("/api/cart").then().statusCode(200)
                .body("customerId", equalTo(alice))
                .body("lines.sku", contains("mug-1"))
                .body("lines[0].lineTotal.amountMinor", equalTo(1250))
                .body("total.amountMinor", equalTo(1250))
                .body("total.currency", equalTo("EUR"));
    }

    @Test
    void removingALineThatIsNotThereChangesNothing() {
        String alice = fresh("alice");
        setting(alice, 1).put("/api/cart/items/cap-1").then().statusCode(200);
        as(alice).delete("/api/cart/items/mug-1").then().statusCode(200).body("lines.sku", contains("cap-1"));
        as(fresh("nobody")).delete("/api/cart/items/mug-1").then().statusCode(200).body("lines", empty());
    }

    @Test
    void quantitiesOutsideOneToNinetyNineAreRejectedAndChangeNothing() {
        String alice = fresh("alice");
        setting(alice, 4).put("/api/cart/items/mug-1").then().statusCode(200);
        for (int quantity : new int[]{0, -1, 100}) {
            setting(alice, quantity).put("/api/cart/items/mug-1").then().statusCode(400)
                    .contentType(PROBLEM).body("type", equalTo(TYPE + "validation"));
            setting(alice, quantity).put("/api/cart/items/tee-1").then().statusCode(400)
                    .contentType(PROBLEM).body("type", equalTo(TYPE + "validation"));
        }
        assertUnchanged(alice, "mug-1", 4);
    }

    @Test
    void malformedOrMissingBodiesAreRejectedAndChangeNothing() {
        String alice = fresh("alice");
        setting(alice, 4).put("/api/cart/items/mug-1").then().statusCode(200);
        as(alice).contentType(ContentType.JSON).body("{\"quantity\": ").put("/api/cart/items/mug-1").then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPE + "malformed-request"));
        as(alice).contentType(ContentType.JSON).body("{\"quantity\": \"many\"}").put("/api/cart/items/mug-1")
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPE + "malformed-request"));
        as(alice).contentType(ContentType.JSON).body("{}").put("/api/cart/items/mug-1").then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPE + "validation"));
        as(alice).contentType(ContentType.JSON).put("/api/cart/items/mug-1").then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPE + "validation"));
        assertUnchanged(alice, "mug-1", 4);
    }

    @Test
    void aBodyThatSaysTwoThingsOrMoreThanOneValueIsMalformedAndChangesNothing() {
        String alice = fresh("alice");
        setting(alice, 4).put("/api/cart/items/mug-1").then().statusCode(200);
        for (String body : new String[]{"{\"quantity\": 0, \"quantity\": 100}", "{\"quantity\": 3, \"quantity\": 3}",
                "{\"quantity\": 1}}", "{\"quantity\": 1} {\"quantity\": 2}"}) {
            as(alice).contentType(ContentType.JSON).body(body).put("/api/cart/items/mug-1").then()
                    .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPE + "malformed-request"))
                    .body("status", equalTo(400)).body("title", notNullValue());
        }
        as(alice).contentType(ContentType.JSON).body("{\"quantity\": \"\"}").put("/api/cart/items/mug-1").then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPE + "malformed-request"));
        assertUnchanged(alice, "mug-1", 4);
    }

    @Test
    void aSnapshotOfACustomerIdWithControlCharactersIsAValidationProblem() {
        for (String id : new String[]{"%00", "alice%00", "a%01b", "a%0Ab"}) {
            given().urlEncodingEnabled(false).get("/internal/carts/" + id).then().statusCode(400)
                    .contentType(PROBLEM).body("type", equalTo(TYPE + "validation")).body("status", equalTo(400));
        }
    }

    @Test
    void unknownInactiveOrMalformedSkusAreRejectedAndChangeNothing() {
        String alice = fresh("alice");
        setting(alice, 4).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).put("/api/cart/items/nothing-like-this").then().statusCode(422)
                .contentType(PROBLEM).body("type", equalTo(TYPE + "unknown-product"))
                .body("sku", equalTo("nothing-like-this"));
        setting(alice, 1).put("/api/cart/items/retired-1").then().statusCode(422)
                .contentType(PROBLEM).body("type", equalTo(TYPE + "product-inactive"));
        setting(alice, 1).put("/api/cart/items/-no-such-sku!").then().statusCode(400)
                .contentType(PROBLEM).body("type", equalTo(TYPE + "validation"));
        assertUnchanged(alice, "mug-1", 4);
    }

    @Test
    void aProductInAnotherCurrencyCannotJoinTheCart() {
        String alice = fresh("alice");
        setting(alice, 4).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).put("/api/cart/items/usd-1").then().statusCode(409)
                .contentType(PROBLEM).body("type", equalTo(TYPE + "currency-mismatch"));
        assertUnchanged(alice, "mug-1", 4);
    }

    @Test
    void aHundredAndFirstDistinctLineIsRejectedButExistingLinesCanStillChange() {
        String alice = fresh("alice");
        IntStream.rangeClosed(1, 100).forEach(i -> setting(alice, 1)
                .put("/api/cart/items/bulk-%03d".formatted(i)).then().statusCode(200));
        setting(alice, 1).put("/api/cart/items/bulk-101").then().statusCode(409)
                .contentType(PROBLEM).body("type", equalTo(TYPE + "cart-full"))
                .body("maxLines", equalTo(100));
        setting(alice, 7).put("/api/cart/items/bulk-050").then().statusCode(200)
                .body("lines.size()", equalTo(100))
                .body("total.amountMinor", equalTo(99 * 100 + 7 * 100));
    }

    @Test
    void theInternalSnapshotShowsTheSameCartWithoutACustomerToken() {
        String alice = fresh("alice");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).put("/api/cart/items/cap-1").then().statusCode(200);
        String own = as(alice).get("/api/cart").then().statusCode(200).extract().asString();
        given().get("/internal/carts/" + alice).then().statusCode(200)
                .contentType(ContentType.JSON)
                .body(equalTo(own));
        given().get("/internal/carts/" + fresh("nobody")).then().statusCode(200)
                .body("lines", empty()).body("total.amountMinor", equalTo(0));
    }

    static void assertUnchanged(String customer, String sku, int quantity) {
        as(customer).get("/api/cart").then().statusCode(200)
                .body("lines.sku", contains(sku))
                .body("lines[0].quantity", equalTo(quantity));
    }
}
