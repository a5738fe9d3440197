package dev.cubeshop.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Log lines caused by a request carry the gateway's request id and the request's trace id in their MDC. */
@QuarkusTest
class RequestIdLoggingTest {
    private static final String CATEGORY = "dev.cubeshop.platform.RequestIdLoggingTest";
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext && CATEGORY.equals(ext.getLoggerName())) {
                ext.copyMdc();
                records.add(ext);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @Path("/logs")
    public static class Logging {
        @GET
        public String log() {
            Logger.getLogger(CATEGORY).info("serving");
            return "logged";
        }
    }

    @BeforeEach
    void attach() {
        java.util.logging.Logger.getLogger(CATEGORY).addHandler(capture);
    }

    @AfterEach
    void detach() {
        java.util.logging.Logger.getLogger(CATEGORY).removeHandler(capture);
    }

    @Test
    void aRequestsLogLinesCarryItsRequestIdAndTraceId() {
        given().header("X-Request-Id", "3f1c9a5e-request").header("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").get("/logs").then().statusCode(200);
        given().get("/logs").then().statusCode(200);

        assertThat(records).hasSize(2);
        Map<String, String> first = records.get(0).getMdcCopy();
        assertThat(first).containsEntry("requestId", "3f1c9a5e-request")
                .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(records.get(1).getMdcCopy()).as("the next request has no id of its own")
                .doesNotContainKey("requestId").containsKey("traceId");
    }
}
