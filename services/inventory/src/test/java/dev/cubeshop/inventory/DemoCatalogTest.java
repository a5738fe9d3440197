package dev.cubeshop.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The one test that looks at the demo catalog: every other test builds its own data. */
@QuarkusTest
@TestProfile(DemoCatalogTest.WithDemoCatalog.class)
class DemoCatalogTest {
    public static class WithDemoCatalog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inventory.demo-catalog.enabled", "true");
        }
    }

    @Inject
    EntityManager entityManager;

    @Test
    void theDemoCatalogIsLoadedWithPricesAndStock() {
        long demoProducts = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from product p join stock s on s.sku = p.sku"
                        + " where p.sku like 'DEMO-%' and p.currency = 'EUR' and p.price_minor > 0")
                .getSingleResult()).longValue());
        assertThat(demoProducts).isGreaterThanOrEqualTo(20);

        given().get("/api/products/{sku}", "DEMO-COFFEE-1KG").then().statusCode(200)
                .body("name", equalTo("Espresso Beans 1 kg"))
                .body("price.amountMinor", equalTo(2290))
                .body("price.currency", equalTo("EUR"));
    }
}
