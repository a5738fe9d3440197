package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.restassured.RestAssured;

/** Test helpers around the gateway under test: what it thinks of the replicas, and a plain HTTP client for load. */
final class Gateway {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Gateway() {}

    /** "UP" or "DOWN (...)" as the gateway's /q/health/well reports the replica. */
    static String state(FakeUpstream replica) {
        Map<String, String> data = given().get("/q/health/well").then().statusCode(200).extract()
                .path("checks.find { it.name == 'Upstreams' }.data");
        return data.get(replica.upstream + " " + replica.uri());
    }

    static void awaitState(FakeUpstream replica, String prefix) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> state(replica).startsWith(prefix));
    }

    /** Every fake back to normal and every replica admitted again, so tests do not leak into each other. */
    static void restoreUpstreams() {
        FakeUpstreams.all().forEach(FakeUpstream::reset);
        FakeUpstreams.all().forEach(replica -> awaitState(replica, "UP"));
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
