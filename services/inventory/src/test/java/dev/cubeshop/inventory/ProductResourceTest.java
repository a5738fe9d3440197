package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static dev.cubeshop.inventory.Fixtures.stock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.cubeshop.testing.TestTokens;

@QuarkusTest
class ProductResourceTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String TYPE = "https://cubeshop.dev/problems/";

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON);
    }

    /** Three products whose names share a token no other test uses, so searches see exactly these. */
    private static String[] searchable(String token) {
        String[] skus = {Fixtures.uniqueSku("CAT"), Fixtures.uniqueSku("CAT"), Fixtures.uniqueSku("CAT")};
        product(skus[0], "Blue " + token + " Lamp", 3000, 5);
        product(skus[1], "amber " + token.toUpperCase() + " chair", 1000, 0);
        product(skus[2], "Cedar " + token + " table", 2000, 7);
        return skus;
    }

    @Test
    void aProductShowsItsPriceAndAvailability() {
        String sku = product("VIEW", 2499, 12);

        given().get("/api/products/{sku}", sku).then().statusCode(200)
                .body("sku", equalTo(sku))
                .body("name", equalTo("Test product " + sku))
                .body("description", equalTo("made by a test"))
                .body("price.amountMinor", equalTo(2499))
                .body("price.currency", equalTo("EUR"))
                .body("available", equalTo(12))
                .body("active", equalTo(true));
    }

    @Test
    void anUnknownProductIsNotFound() {
        given().get("/api/products/{sku}", Fixtures.uniqueSku("NOPE")).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "product-not-found"));
    }

    @Test
    void aSkuThatCannotExistIsNotFoundEvenWithBytesTheDatabaseRefuses() {
        String sku = product("NUL", 100, 1);
        for (String path : List.of("%00", sku + "%00", "%00%01%1F", "a%0Ab", "-x", "a".repeat(65), "%C3%BC")) {
            given().urlEncodingEnabled(false).get("/api/products/" + path).then().statusCode(404)
                    .contentType(PROBLEM).body("type", equalTo(TYPE + "product-not-found"))
                    .body("status", equalTo(404));
            admin().urlEncodingEnabled(false).get("/api/admin/products/" + path).then().statusCode(404)
                    .contentType(PROBLEM).body("type", equalTo(TYPE + "product-not-found"));
            admin().urlEncodingEnabled(false)
                    .body(Map.of("name", "x", "price", Map.of("amountMinor", 1, "currency", "EUR"), "active", true))
                    .put("/api/admin/products/" + path).then().statusCode(404).contentType(PROBLEM)
                    .body("type", equalTo(TYPE + "product-not-found"));
            admin().urlEncodingEnabled(false).body(Map.of("onHand", 1)).put("/api/admin/products/" + path + "/stock")
                    .then().statusCode(404).contentType(PROBLEM).body("type", equalTo(TYPE + "product-not-found"));
            admin().urlEncodingEnabled(false).body(Map.of("delta", 1))
                    .post("/api/admin/products/" + path + "/stock/adjustments").then().statusCode(404)
                    .contentType(PROBLEM).body("type", equalTo(TYPE + "product-not-found"));
        }
        assertThat(stock(sku).getInt("onHand")).isEqualTo(1);
    }

    @Test
    void controlCharactersInTheSearchAreAValidationProblem() {
        for (String q : List.of("%00", "a%00b", "%00%01%1F", "x%7F")) {
            given().urlEncodingEnabled(false).get("/api/products?q=" + q).then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo(TYPE + "validation")).body("status", equalTo(400))
                    .body("errors.field", hasItem("q"));
        }
    }

    @Test
    void searchIsCaseInsensitiveOnTheNameAndPagesAreSortedAndCounted() {
        String token = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String[] skus = searchable(token);

        given().queryParam("q", token.toUpperCase()).get("/api/products").then().statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(20))
                .body("items.sku", equalTo(List.of(skus[1], skus[0], skus[2])));
        given().queryParam("q", token).queryParam("sort", "price").queryParam("direction", "desc")
                .get("/api/products").then().statusCode(200)
                .body("items.price.amountMinor", equalTo(List.of(3000, 2000, 1000)))
                .body("items.available", equalTo(List.of(5, 7, 0)));
        given().queryParam("q", token).queryParam("size", 2).queryParam("page", 1).get("/api/products").then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.sku", equalTo(List.of(skus[2])));
    }

    @Test
    void wildcardsInTheSearchAreTakenLiterally() {
        String token = "zq" + UUID.randomUUID().toString().substring(0, 8);
        searchable(token);

        given().queryParam("q", token + "%").get("/api/products").then().statusCode(200).body("total", equalTo(0));
        given().queryParam("q", token.substring(0, 4) + "_" + token.substring(5)).get("/api/products").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void inactiveProductsLeaveTheListButStayReadableBySku() {
        String token = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String[] skus = searchable(token);

        admin().body(Map.of("name", "Blue " + token + " Lamp", "description", "retired",
                "price", Map.of("amountMinor", 3100, "currency", "EUR"), "active", false))
                .put("/api/admin/products/{sku}", skus[0]).then().statusCode(200)
                .body("active", equalTo(false)).body("price.amountMinor", equalTo(3100));

        given().queryParam("q", token).get("/api/products").then().statusCode(200)
                .body("total", equalTo(2)).body("items.sku", equalTo(List.of(skus[1], skus[2])));
        given().get("/api/products/{sku}", skus[0]).then().statusCode(200)
                .body("active", equalTo(false)).body("description", equalTo("retired"));
    }

    @Test
    void badCatalogQueriesNameTheParameter() {
        catalogProblem(Map.of("page", "abc"), "page");
        catalogProblem(Map.of("page", "-1"), "page");
        catalogProblem(Map.of("size", "0"), "size");
        catalogProblem(Map.of("size", "101"), "size");
        catalogProblem(Map.of("sort", "colour"), "sort");
        catalogProblem(Map.of("direction", "up"), "direction");
        catalogProblem(Map.of("page", "100", "size", "100"), "page");
    }

    private static void catalogProblem(Map<String, String> query, String field) {
        given().queryParams(query).get("/api/products").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "validation"))
                .body("errors.field", hasItem(field));
    }

    @Test
    void anAdministratorCreatesAProductWithStock() {
        String sku = Fixtures.uniqueSku("NEW");
        admin().body(Map.of("sku", sku, "name", "  Trail Runner  ", "price", Map.of("amountMinor", 8999,
                "currency", "EUR"), "onHand", 4))
                .post("/api/admin/products").then().statusCode(201)
                .header("Location", endsWith("/api/admin/products/" + sku))
                .body("name", equalTo("Trail Runner"))
                .body("description", equalTo(""))
                .body("active", equalTo(true))
                .body("onHand", equalTo(4)).body("reserved", equalTo(0)).body("available", equalTo(4));

        admin().body(Map.of("sku", sku, "name", "Again", "price", Map.of("amountMinor", 1, "currency", "EUR")))
                .post("/api/admin/products").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "product-exists"));
        assertThat(stock(sku).getString("name")).isEqualTo("Trail Runner");
    }

    @Test
    void badProductsAreRefusedWithTheFieldNamed() {
        String sku = Fixtures.uniqueSku("BADPROD");
        Map<String, Object> price = Map.of("amountMinor", 100, "currency", "EUR");
        adminProblem(Map.of("sku", "has space", "name", "x", "price", price), "sku");
        adminProblem(Map.of("sku", sku, "name", " ", "price", price), "name");
        adminProblem(Map.of("sku", sku, "name", "x", "price", Map.of("amountMinor", -1, "currency", "EUR")),
                "price.amountMinor");
        adminProblem(Map.of("sku", sku, "name", "x", "price", Map.of("amountMinor", 1, "currency", "eur")),
                "price.currency");
        adminProblem(Map.of("sku", sku, "name", "x", "price", Map.of("amountMinor", 1, "currency", "USD")),
                "price.currency");
        adminProblem(Map.of("sku", sku, "name", "x", "price", price, "onHand", -5), "onHand");
        admin().body("{\"sku\": \"" + sku + "\", \"name\": \"x\", \"price\": {\"amountMinor\": 1.5, "
                + "\"currency\": \"EUR\"}}").post("/api/admin/products").then().statusCode(400)
                .contentType(PROBLEM).body("type", equalTo(TYPE + "malformed-request"));

        given().get("/api/products/{sku}", sku).then().statusCode(404);
    }

    @Test
    void aPriceAbovePaymentsLargestChargeIsRefusedAndChangesNothing() {
        String sku = Fixtures.uniqueSku("PRICE");
        for (long amount : new long[]{Product.MAX_PRICE_MINOR + 1, 2_147_483_648L, Long.MAX_VALUE}) {
            adminProblem(Map.of("sku", sku, "name", "x", "price", Map.of("amountMinor", amount, "currency", "EUR")),
                    "price.amountMinor");
        }
        given().get("/api/products/{sku}", sku).then().statusCode(404);

        String existing = product("PRICED", 1234, 1);
        admin().body(Map.of("name", "Test product " + existing, "price", Map.of("amountMinor", 2_147_483_648L,
                "currency", "EUR"), "active", true)).put("/api/admin/products/{sku}", existing).then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPE + "validation"))
                .body("errors.field", hasItem("price.amountMinor"));
        given().get("/api/products/{sku}", existing).then().statusCode(200).body("price.amountMinor", equalTo(1234));

        admin().body(Map.of("name", "Test product " + existing, "price", Map.of("amountMinor",
                Product.MAX_PRICE_MINOR, "currency", "EUR"), "active", true)).put("/api/admin/products/{sku}",
                        existing)
                .then().statusCode(200).body("price.amountMinor", equalTo((int) Product.MAX_PRICE_MINOR));
    }

    @Test
    void textTheDatabaseCannotStoreIsAValidationProblem() {
        String sku = Fixtures.uniqueSku("CTRL");
        Map<String, Object> price = Map.of("amountMinor", 100, "currency", "EUR");
        adminProblem(Map.of("sku", sku, "name", "a\u0000b", "price", price), "name");
        adminProblem(Map.of("sku", sku, "name", "x", "description", "a\u0000b", "price", price), "description");
        String existing = product("CTRLUPD", 100, 1);
        admin().body(Map.of("name", "x", "description", "\u0000", "price", price, "active", true))
                .put("/api/admin/products/{sku}", existing).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "validation")).body("errors.field", hasItem("description"));
        given().get("/api/products/{sku}", sku).then().statusCode(404);
    }

    private static void adminProblem(Map<String, Object> body, String field) {
        admin().body(body).post("/api/admin/products").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "validation"))
                .body("errors.field", hasItem(field));
    }

    @Test
    void stockIsSetAndAdjustedButNeverBelowWhatIsReserved() {
        String sku = product("STOCK", 500, 10);
        given().contentType(ContentType.JSON).body(Fixtures.reservation(UUID.randomUUID(), sku, 6))
                .post("/internal/reservations").then().statusCode(201);

        admin().body(Map.of("onHand", 20)).put("/api/admin/products/{sku}/stock", sku).then().statusCode(200)
                .body("onHand", equalTo(20)).body("reserved", equalTo(6)).body("available", equalTo(14));
        admin().body(Map.of("delta", -4)).post("/api/admin/products/{sku}/stock/adjustments", sku).then()
                .statusCode(200).body("onHand", equalTo(16)).body("available", equalTo(10));

        admin().body(Map.of("onHand", 5)).put("/api/admin/products/{sku}/stock", sku).then().statusCode(409)
                .contentType(PROBLEM).body("type", equalTo(TYPE + "stock-below-reserved"))
                .body("reserved", equalTo(6));
        admin().body(Map.of("delta", -11)).post("/api/admin/products/{sku}/stock/adjustments", sku).then()
                .statusCode(409).body("type", equalTo(TYPE + "stock-below-reserved"));
        admin().body(Map.of("onHand", -1)).put("/api/admin/products/{sku}/stock", sku).then().statusCode(400)
                .body("type", equalTo(TYPE + "validation")).body("errors.field", hasItem("onHand"));
        admin().body(Map.of("delta", 2_000_000_000)).post("/api/admin/products/{sku}/stock/adjustments", sku)
                .then().statusCode(400).body("type", equalTo(TYPE + "validation"));

        assertThat(stock(sku).getInt("onHand")).isEqualTo(16);
        assertThat(stock(sku).getInt("reserved")).isEqualTo(6);
        admin().body(Map.of("onHand", 1)).put("/api/admin/products/{sku}/stock", Fixtures.uniqueSku("NONE"))
                .then().statusCode(404).body("type", equalTo(TYPE + "product-not-found"));
    }

    @Test
    void theAdminApiNeedsAValidAdminToken() {
        String sku = product("GUARD", 500, 3);
        Map<String, Object> body = Map.of("onHand", 99);

        given().contentType(ContentType.JSON).body(body).put("/api/admin/products/{sku}/stock", sku).then()
                .statusCode(401).contentType(PROBLEM).body("type", equalTo(TYPE + "unauthorized"));
        for (String token : List.of(TestTokens.expired("admin"), TestTokens.forged("admin"),
                TestTokens.wrongAudience("admin"), TestTokens.wrongIssuer("admin"), "not-a-jwt")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .put("/api/admin/products/{sku}/stock", sku).then()
                    .statusCode(401).contentType(PROBLEM).body("type", equalTo(TYPE + "unauthorized"));
        }
        given().auth().oauth2(TestTokens.customer("alice")).contentType(ContentType.JSON).body(body)
                .put("/api/admin/products/{sku}/stock", sku).then()
                .statusCode(403).contentType(PROBLEM).body("type", equalTo(TYPE + "forbidden"));

        assertThat(stock(sku).getInt("onHand")).isEqualTo(3);
    }

    @Inject
    EntityManager entityManager;

    private long activeProducts() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from product where active").getSingleResult()).longValue());
    }

    @Test
    void theUnfilteredTotalFollowsCreatedAndDeactivatedProducts() {
        long before = activeProducts();
        given().get("/api/products").then().statusCode(200).body("total", equalTo((int) before));

        String sku = product("COUNTED", 100, 1);
        given().get("/api/products").then().body("total", equalTo((int) before + 1));
        admin().body(Map.of("name", "Counted", "price", Map.of("amountMinor", 100, "currency", "EUR"),
                "active", false)).put("/api/admin/products/{sku}", sku).then().statusCode(200);
        given().get("/api/products").then().body("total", equalTo((int) before));
        assertThat(activeProducts()).isEqualTo(before);
    }

    @Test
    void theCatalogIsPublic() {
        given().get("/api/products").then().statusCode(200).body("items", hasSize(lessThanOrEqualTo(20)));
    }
}
