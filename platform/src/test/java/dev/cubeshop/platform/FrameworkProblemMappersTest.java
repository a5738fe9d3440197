package dev.cubeshop.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class FrameworkProblemMappersTest {
    private static final String PROBLEMS = "https://cubeshop.dev/problems/";

    @Test
    void aValidBodyPassesThrough() {
        given().contentType(ContentType.JSON).body("{\"sku\":\"SKU-1\",\"quantity\":3}")
                .post("/probe").then().statusCode(200).body("quantity", equalTo(3));
    }

    @Test
    void brokenJsonIsAMalformedRequestProblem() {
        given().contentType(ContentType.JSON).body("{\"sku\": \"SKU-1\", ")
                .post("/probe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "malformed-request"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/probe"));
    }

    @Test
    void aWrongTypeNamesTheField() {
        given().contentType(ContentType.JSON).body("{\"sku\":\"SKU-1\",\"quantity\":\"many\"}")
                .post("/probe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "malformed-request"))
                .body("detail", containsString("quantity"));
    }

    @Test
    void aFractionOrAQuotedNumberIsNeverReadAsAnInteger() {
        for (String quantity : new String[]{"1.5", "\"3\""}) {
            given().contentType(ContentType.JSON).body("{\"sku\":\"SKU-1\",\"quantity\":" + quantity + "}")
                    .post("/probe").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "malformed-request"))
                    .body("detail", containsString("quantity"));
        }
    }

    @Test
    void aNumberTooLargeForItsFieldNamesTheFieldAndIsNotCalledBrokenJson() {
        for (String quantity : new String[]{"2147483648", "-99999999999999999999"}) {
            given().contentType(ContentType.JSON).body("{\"sku\":\"SKU-1\",\"quantity\":" + quantity + "}")
                    .post("/probe").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "malformed-request"))
                    .body("detail", equalTo("Field 'quantity' is out of range"));
        }
    }

    @Test
    void aFieldInANestedLineIsNamedByItsPath() {
        for (String quantity : new String[]{"\"many\"", "2147483648"}) {
            given().contentType(ContentType.JSON)
                    .body("{\"lines\":[{\"sku\":\"A\",\"quantity\":1},{\"sku\":\"B\",\"quantity\":" + quantity + "}]}")
                    .post("/probe/order").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "malformed-request"))
                    .body("detail", startsWith("Field 'lines[1].quantity' "));
        }
    }

    @Test
    void anEmptyStringIsNeverReadAsAnAbsentNumber() {
        given().contentType(ContentType.JSON).body("{\"sku\":\"SKU-1\",\"quantity\":\"\"}")
                .post("/probe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "malformed-request"))
                .body("status", equalTo(400))
                .body("detail", containsString("quantity"));
    }

    @Test
    void aFieldGivenTwiceIsAMalformedRequestProblem() {
        given().contentType(ContentType.JSON).body("{\"sku\":\"SKU-1\",\"quantity\":0,\"quantity\":100}")
                .post("/probe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "malformed-request"))
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("detail", containsString("quantity"));
    }

    @Test
    void contentAfterTheJsonValueIsAMalformedRequestProblem() {
        for (String body : new String[]{"{\"sku\":\"SKU-1\",\"quantity\":1}}",
                "{\"sku\":\"SKU-1\",\"quantity\":1} {\"sku\":\"SKU-2\",\"quantity\":2}"}) {
            given().contentType(ContentType.JSON).body(body)
                    .post("/probe").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "malformed-request"))
                    .body("status", equalTo(400));
        }
    }

    @Test
    void aBodyJacksonCannotMapIsAMalformedRequestProblemNotAServerError() {
        given().contentType(ContentType.JSON).body("{\"value\":1}")
                .post("/probe/ambiguous").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "malformed-request"))
                .body("status", equalTo(400))
                .body(not(containsString("Ambiguous")));
    }

    @Test
    void aConstraintViolationListsEveryFieldInError() {
        given().contentType(ContentType.JSON).body("{\"sku\":\"\",\"quantity\":5000}")
                .post("/probe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "validation"))
                .body("errors.field", hasItem("quantity"))
                .body("errors.field", hasItem("sku"));
    }

    @Test
    void aMissingBodyIsAValidationProblem() {
        given().contentType(ContentType.JSON).post("/probe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "validation"));
    }

    @Test
    void anUnknownPathIsANotFoundProblem() {
        given().get("/no/such/thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"));
    }

    @Test
    void aWrongMethodIsAMethodNotAllowedProblem() {
        given().delete("/probe").then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "method-not-allowed"));
    }

    @Test
    void aWrongMediaTypeIsAnUnsupportedMediaTypeProblem() {
        given().contentType(ContentType.XML).body("<line/>").post("/probe").then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "unsupported-media-type"));
    }

    @Test
    void anUnexpectedErrorLeaksNoInternals() {
        given().header("X-Request-Id", "req-123").get("/probe/boom").then().statusCode(500)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "internal"))
                .body("requestId", equalTo("req-123"))
                .body("detail", notNullValue())
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("dev.cubeshop.Secret")));
    }
}
