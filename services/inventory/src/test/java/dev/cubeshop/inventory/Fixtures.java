package dev.cubeshop.inventory;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.cubeshop.testing.TestTokens;

/** Test data built through the API, with unique skus: the database persists across runs. */
final class Fixtures {
    private Fixtures() {}

    static String uniqueSku(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String product(String prefix, long priceMinor, int onHand) {
        String sku = uniqueSku(prefix);
        product(sku, "Test product " + sku, priceMinor, onHand);
        return sku;
    }

    static void product(String sku, String name, long priceMinor, int onHand) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", name, "description", "made by a test",
                        "price", Map.of("amountMinor", priceMinor, "currency", "EUR"), "onHand", onHand))
                .post("/api/admin/products").then().statusCode(201);
    }

    /** The admin view: onHand, reserved, available. */
    static JsonPath stock(String sku) {
        return given().auth().oauth2(TestTokens.admin()).get("/api/admin/products/{sku}", sku).then()
                .statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> reservation(UUID orderId, Object... skuAndQuantity) {
        var lines = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.add(Map.of("sku", skuAndQuantity[i], "quantity", skuAndQuantity[i + 1]));
        }
        return Map.of("orderId", orderId.toString(), "lines", lines);
    }
}
