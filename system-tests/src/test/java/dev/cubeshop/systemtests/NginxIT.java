package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.cubeshop.systemtests.Shop.Answer;

/**
 * The classic front (infra/nginx): nginx started through {@code ./cubeshop nginx up} in front of the gateway replicas
 * or of one service's replicas. Round robin spreads the reads; when a replica is SIGKILLed, the passive health checks
 * and {@code proxy_next_upstream} keep every request answered; a reload drops the dead replica from the static list.
 * Which replica answered each request is read from nginx's own access log.
 */
@Order(2)
class NginxIT extends SystemTest {
    static final int READS = 40;
    /**
     * 20 requests/s: within the gateway's anonymous rate limit (20/s refill, burst 60 per client address and gateway
     * replica), which keys on nginx's address here, also when one gateway takes all of them.
     */
    static final Duration PACE = Duration.ofMillis(50);
    static final double FAIR_SHARE = 0.3;
    static final String CATALOG = "size=5";

    @Test
    void nginxSpreadsReadsOverTheGatewaysAndKeepsAnsweringWhenOneIsKilled() {
        Run run = run();
        Stack stack = run.stack;
        String first = address(stack, "api-gateway", 0);
        String killed = address(stack, "api-gateway", 1);
        long start = System.nanoTime();
        AccessLog log = new AccessLog(stack.nginxAccessLog());
        try (Shop viaNginx = new Shop(stack.nginxFront())) {
            stack.nginx("up");

            log.mark();
            assertAllAnswered200(read(viaNginx, READS));
            List<Entry> spread = log.await(READS);
            Map<String, Integer> servedBy = servedBy(spread);
            assertThat(spread).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
            assertThat(servedBy.getOrDefault(first, 0)).as("share of %s in %s", first, servedBy)
                    .isGreaterThanOrEqualTo((int) Math.ceil(FAIR_SHARE * READS));
            assertThat(servedBy.getOrDefault(killed, 0)).as("share of %s in %s", killed, servedBy)
                    .isGreaterThanOrEqualTo((int) Math.ceil(FAIR_SHARE * READS));

            stack.kill("api-gateway", 1);
            awaitDead(stack, "api-gateway", 1);
            log.mark();
            assertAllAnswered200(read(viaNginx, READS));
            List<Entry> afterKill = log.await(READS);
            long triedKilledFirst = afterKill.stream().filter(e -> e.tried(killed)).count();
            assertThat(afterKill).as("after the kill every request is answered by %s", first)
                    .allSatisfy(e -> assertThat(e.servedBy()).isEqualTo(first));
            assertThat(triedKilledFirst).as("requests that found %s dead and went on to %s", killed, first)
                    .isPositive()
                    // Passive health checks: after max_fails the dead replica is left out for fail_timeout, not
                    // tried every other request as round robin alone would.
                    .isLessThanOrEqualTo(READS / 4);

            stack.nginx("reload");
            log.mark();
            assertAllAnswered200(read(viaNginx, READS / 2));
            List<Entry> afterReload = log.await(READS / 2);
            assertThat(afterReload).as("after the reload the static list holds only %s", first)
                    .allSatisfy(e -> assertThat(e.upstreams()).containsExactly(first));

            System.out.printf("[system-tests] nginx in front of the gateways: %d reads served %s; after SIGKILL of "
                    + "%s: %d reads all 200, served %s, %d found it dead first; after reload: %d reads all 200 by "
                    + "%s; %d s%n", READS, servedBy, killed, READS, servedBy(afterKill), triedKilledFirst, READS / 2,
                    first, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        } finally {
            try {
                stack.nginx("down");
            } finally {
                run.restore();
            }
        }
    }

    @Test
    void nginxInFrontOfInventorySpreadsCatalogReadsOverItsReplicas() {
        Stack stack = run().stack;
        AccessLog log = new AccessLog(stack.nginxAccessLog());
        try (Shop viaNginx = new Shop(stack.nginxFront())) {
            stack.nginx("up", "inventory");
            log.mark();
            assertAllAnswered200(read(viaNginx, READS));
            Map<String, Integer> servedBy = servedBy(log.await(READS));
            for (int r = 0; r < stack.replicas(); r++) {
                String replica = address(stack, "inventory", r);
                assertThat(servedBy.getOrDefault(replica, 0)).as("share of %s in %s", replica, servedBy)
                        .isGreaterThanOrEqualTo((int) Math.ceil(FAIR_SHARE * READS));
            }
            System.out.printf("[system-tests] nginx in front of inventory: %d catalog reads all 200, served %s%n",
                    READS, servedBy);
        } finally {
            stack.nginx("down");
        }
    }

    private static List<Answer> read(Shop viaNginx, int count) {
        List<Answer> answers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            answers.add(viaNginx.products(CATALOG));
            sleep(PACE);
        }
        return answers;
    }

    private static void assertAllAnswered200(List<Answer> answers) {
        assertThat(answers).as("answers through nginx").allSatisfy(a -> assertThat(a.status()).as(a.toString())
                .isEqualTo(200));
    }

    private static Map<String, Integer> servedBy(List<Entry> entries) {
        Map<String, Integer> counts = new TreeMap<>();
        entries.forEach(e -> counts.merge(e.servedBy(), 1, Integer::sum));
        return counts;
    }

    private static String address(Stack stack, String app, int replica) {
        return "127.0.0.1:" + stack.port(app, replica);
    }

    private static void awaitDead(Stack stack, String app, int replica) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stack.alive(app, replica) && System.nanoTime() < end) {
            sleep(Duration.ofMillis(50));
        }
        assertThat(stack.alive(app, replica)).as("%s #%d after SIGKILL", app, replica).isFalse();
    }

    /** One access log line: the request, its status, and every replica nginx tried for it, in order. */
    record Entry(String request, int status, List<String> upstreams) {
        String servedBy() {
            return upstreams.getLast();
        }

        boolean tried(String replica) {
            return upstreams.subList(0, upstreams.size() - 1).contains(replica);
        }
    }

    /** The lines nginx appends to its access log (format "upstreams" of infra/nginx/nginx.conf.template). */
    static final class AccessLog {
        private static final Pattern LINE = Pattern.compile(
                "\"([^\"]*)\" (\\d{3}) .* upstream=\"([^\"]*)\"");
        private final Path file;
        private long mark;

        AccessLog(Path file) {
            this.file = file;
        }

        void mark() {
            mark = size();
        }

        /** Waits (up to 5 s: nginx writes a line once the answer has gone out) for the lines since the mark. */
        List<Entry> await(int count) {
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            List<Entry> entries = sinceMark();
            while (entries.size() < count && System.nanoTime() < end) {
                sleep(Duration.ofMillis(100));
                entries = sinceMark();
            }
            assertThat(entries).as("lines nginx logged in %s", file).hasSize(count);
            return entries;
        }

        private List<Entry> sinceMark() {
            List<Entry> entries = new ArrayList<>();
            String text;
            try {
                byte[] all = Files.readAllBytes(file);
                text = new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Only complete lines: nginx may be writing the next one.
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    entries.add(new Entry(m.group(1), Integer.parseInt(m.group(2)),
                            Arrays.asList(m.group(3).split(", "))));
                }
            }
            return entries;
        }

        private long size() {
            try {
                return Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
