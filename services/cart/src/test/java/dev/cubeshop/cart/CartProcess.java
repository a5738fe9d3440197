package dev.cubeshop.cart;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged cart application ({@code target/quarkus-app}) as a child process of a test. */
record CartProcess(String name, int port, Process process, Path log) {
    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    static CartProcess start(String name, Map<String, String> config) throws IOException {
        int port = freePort();
        Path log = Path.of("target", "cart-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-Xmx160m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The password travels in the environment, never on a command line other users can read.
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", System.getProperty("cubeshop.it.db-password"));
        return new CartProcess(name, port, builder.start(), log);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("cart " + name + " exited:\n" + Files.readString(log));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGTERM, the way a rolling restart stops a replica, then a generous wait for the graceful shutdown. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
