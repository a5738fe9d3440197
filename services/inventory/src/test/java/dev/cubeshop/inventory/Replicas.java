package dev.cubeshop.inventory;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import dev.cubeshop.testing.TestTokens;

/**
 * Replicas of the packaged application (target/quarkus-app) as real processes against the PostgreSQL and Kafka that
 * {@code ./cubeshop test} provides (failsafe passes them as {@code cubeshop.it.*}), trusting TestTokens' key.
 */
final class Replicas implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    static Replicas start(String name, int count, Map<String, String> settings) throws Exception {
        String jdbcUrl = System.getProperty("cubeshop.it.jdbc-url");
        Assumptions.assumeTrue(jdbcUrl != null && !jdbcUrl.contains("${"),
                "needs the local PostgreSQL and Kafka (./cubeshop test)");
        Map<String, String> keys = new TestTokens().start();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        Replicas replicas = new Replicas();
        try {
            for (int i = 0; i < count; i++) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.http.port=" + port,
                        "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                        "-Dquarkus.datasource.username=" + System.getProperty("cubeshop.it.db-user"),
                        "-Dkafka.bootstrap.servers=" + System.getProperty("cubeshop.it.kafka"),
                        // Its own consumer group: never take partitions from a running local stack.
                        "-Dmp.messaging.incoming.order-failed.group.id=inventory-it",
                        "-Dinventory.demo-catalog.enabled=false",
                        "-Dmp.jwt.verify.publickey.location=" + keys.get("mp.jwt.verify.publickey.location")));
                settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
                command.addAll(List.of("-jar", jar.toString()));
                Path log = Path.of("target", "it-" + name + "-" + i + ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                // The password travels in the environment, as in production, not on a command line.
                builder.environment().put("QUARKUS_DATASOURCE_PASSWORD",
                        System.getProperty("cubeshop.it.db-password"));
                replicas.processes.add(builder.start());
                replicas.urls.add("http://127.0.0.1:" + port);
                replicas.logs.add(log);
            }
            for (int i = 0; i < count; i++) {
                replicas.awaitReady(i);
            }
            return replicas;
        } catch (Exception | AssertionError e) {
            replicas.close();
            throw e;
        }
    }

    String url(int replica) {
        return urls.get(replica % urls.size());
    }

    List<String> urls() {
        return List.copyOf(urls);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitReady(int replica) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!processes.get(replica).isAlive()) {
                throw new AssertionError("replica " + replica + " exited during start-up:\n" + logTail(replica));
            }
            try {
                if (given().baseUri(urls.get(replica)).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notListeningYet) {
                // Still starting.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("replica " + replica + " not ready in time:\n" + logTail(replica));
    }

    private String logTail(int replica) throws IOException {
        List<String> lines = Files.readAllLines(logs.get(replica));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
