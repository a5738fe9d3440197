package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Z-axis wiring in docker-compose.yml and in each overlay: K cart shards named cart-0 .. cart-(K-1), each with its
 * index and the same count K, each with a database and user of its own (cart_&lt;index&gt;); the gateway's cart route
 * and the orchestrator's cart-shards list name the same K shards in index order, each pointing at that shard. A
 * customer's shard is a position in those lists, so a list out of order would send carts to the wrong database.
 */
class CartShardsTest {
    private static final String INDEX = "cubeshop.cart.shard.index";
    private static final String COUNT = "cubeshop.cart.shard.count";
    private static final String GATEWAY_SHARDS = "cubeshop.gateway.routes.cart.shards";
    private static final String ORCHESTRATOR_SHARDS = "checkout.cart-shards";
    private static final String CONSUMER_GROUP = "mp.messaging.incoming.order-completed.group.id";

    /**
     * One deployment's view of the shards: each shard's environment by unit name, the gateway's and the orchestrator's
     * environment, and how a name becomes a host name there.
     */
    record Wiring(Map<String, Map<String, String>> shards, Map<String, String> gateway,
            Map<String, String> orchestrator,
            UnaryOperator<String> host) {

        static Wiring of(String deployment) {
            if (deployment.equals("compose")) {
                JsonNode compose = ConfigConsistencyTest.compose();
                Map<String, Map<String, String>> shards = new LinkedHashMap<>();
                Unit.shards(Unit.compose()).forEach(unit -> shards.put(unit.name(),
                        Environments.compose(compose, unit.name())));
                return new Wiring(shards, Environments.compose(compose, "api-gateway"),
                        Environments.compose(compose, "checkout-orchestrator"), UnaryOperator.identity());
            }
            List<JsonNode> objects = Kustomize.render(deployment);
            Map<String, Map<String, String>> shards = new LinkedHashMap<>();
            Unit.shards(Unit.kubernetes(objects)).forEach(unit -> shards.put(unit.name(),
                    Environments.kubernetes(objects, unit.name())));
            return new Wiring(shards, Environments.kubernetes(objects, "api-gateway"),
                    Environments.kubernetes(objects, "checkout-orchestrator"),
                    name -> name + ".cubeshop.svc.cluster.local");
        }

        Wiring withShard(String name, String property, String value) {
            Map<String, Map<String, String>> copy = new LinkedHashMap<>(shards);
            copy.put(name, with(shards.get(name), property, value));
            return new Wiring(copy, gateway, orchestrator, host);
        }

        Wiring withGateway(String property, String value) {
            return new Wiring(shards, with(gateway, property, value), orchestrator, host);
        }

        Wiring withOrchestrator(String property, String value) {
            return new Wiring(shards, gateway, with(orchestrator, property, value), host);
        }

        /** The environment with the property set (null: removed), in whichever spelling it already has. */
        private static Map<String, String> with(Map<String, String> environment, String property, String value) {
            Map<String, String> copy = new LinkedHashMap<>(environment);
            String key = copy.containsKey(property) ? property : AppConfiguration.environmentName(property);
            if (value == null) {
                copy.remove(key);
            } else {
                copy.put(copy.containsKey(key) ? key : property, value);
            }
            return copy;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compose", "dev", "prod"})
    void theShardsTheirDatabasesAndTheShardListsAgree(String deployment) {
        Wiring wiring = Wiring.of(deployment);

        assertThat(wiring.shards()).as("cart shards in %s", deployment).hasSizeGreaterThanOrEqualTo(2);
        assertThat(problems(wiring)).as(deployment).isEmpty();
    }

    @Test
    void composeAndKubernetesRunTheSameShards() {
        List<String> compose = List.copyOf(Wiring.of("compose").shards().keySet());

        assertThat(Wiring.of("dev").shards().keySet()).containsExactlyElementsOf(compose);
        assertThat(Wiring.of("prod").shards().keySet()).containsExactlyElementsOf(compose);
    }

    @Test
    void eachShardHasItsOwnConsumerGroupDerivedFromItsIndex() {
        // Every shard must see every order-completed event (it acts on its own customers only): one group per shard.
        assertThat(App.named(Unit.SHARDED).properties().get(CONSUMER_GROUP)).as(CONSUMER_GROUP)
                .contains("${" + INDEX);
    }

    @Test
    void theGatewaysCartRouteNamesNoUpstreamBesideTheShardsTheDeploymentsSet() {
        // The gateway refuses a route with both an upstream and shards (RouteTable), and an environment variable can
        // add the shards but not remove an upstream that application.properties names: the default must be shards.
        Map<String, String> properties = App.named("api-gateway").properties();
        String upstream = "cubeshop.gateway.routes.cart.upstream";

        assertThat(properties.getOrDefault("%prod." + upstream, properties.get(upstream))).as(upstream).isNull();
    }

    // Negative tests: each of these mistakes would put a customer's cart on a shard that no longer finds it.

    @Test
    void anOrchestratorListOutOfOrderFails() {
        Wiring wiring = Wiring.of("compose").withOrchestrator(ORCHESTRATOR_SHARDS, "cart-1,cart-0");

        assertThat(problems(wiring)).singleElement().asString().contains(ORCHESTRATOR_SHARDS, "[cart-0, cart-1]");
    }

    @Test
    void aGatewayListMissingAShardFails() {
        Wiring wiring = Wiring.of("compose").withGateway(GATEWAY_SHARDS, "cart-0");

        assertThat(problems(wiring)).singleElement().asString().contains(GATEWAY_SHARDS, "[cart-0, cart-1]");
    }

    @Test
    void twoShardsWithTheSameIndexFail() {
        Wiring wiring = Wiring.of("compose").withShard("cart-1", INDEX, "0");

        assertThat(problems(wiring)).anySatisfy(problem -> assertThat(problem).contains("cart-1", "index 0"))
                .anySatisfy(problem -> assertThat(problem).contains("index 0", "cart-0", "cart-1"));
    }

    @Test
    void aShardWithAnotherCountFails() {
        Wiring wiring = Wiring.of("dev").withShard("cart-0", COUNT, "3");

        assertThat(problems(wiring)).singleElement().asString().contains("cart-0", COUNT, "3", "2 shards");
    }

    @Test
    void twoShardsSharingADatabaseFail() {
        Wiring compose = Wiring.of("compose");
        String url = Environments.value(compose.shards().get("cart-0"), "quarkus.datasource.jdbc.url").orElseThrow();
        Wiring wiring = compose.withShard("cart-1", "quarkus.datasource.jdbc.url", url);

        assertThat(problems(wiring)).singleElement().asString().contains("cart-1", "cart_1", "cart-1-db");
    }

    @Test
    void aShardTheGatewayCannotReachFails() {
        Wiring wiring = Wiring.of("prod").withGateway("cubeshop.gateway.upstreams.cart-1.dns", null);

        assertThat(problems(wiring)).singleElement().asString().contains("cubeshop.gateway.upstreams.cart-1.dns");
    }

    @Test
    void aShardTheOrchestratorDiscoversElsewhereFails() {
        Wiring wiring = Wiring.of("prod").withOrchestrator("quarkus.stork.cart-1.service-discovery.hostname",
                "cart-0.cubeshop.svc.cluster.local");

        assertThat(problems(wiring)).singleElement().asString().contains("quarkus.stork.cart-1", "cart-0");
    }

    @Test
    void theOldUnshardedUpstreamFails() {
        Wiring wiring = Wiring.of("compose").withGateway("cubeshop.gateway.upstreams.cart.dns", "cart:8081");

        assertThat(problems(wiring)).singleElement().asString().contains("cubeshop.gateway.upstreams.cart.dns");
    }

    static List<String> problems(Wiring wiring) {
        List<String> problems = new ArrayList<>();
        int count = wiring.shards().size();
        int port = App.named(Unit.SHARDED).port();
        Map<Integer, String> byIndex = new TreeMap<>();
        wiring.shards().forEach((name, environment) -> {
            Optional<String> index = Environments.value(environment, INDEX);
            Optional<Integer> parsed = index.flatMap(CartShardsTest::integer);
            if (parsed.isEmpty()) {
                problems.add(name + ": " + INDEX + " is " + index.orElse("not set"));
            } else {
                int shard = parsed.get();
                String owner = byIndex.putIfAbsent(shard, name);
                if (owner != null) {
                    problems.add("index " + shard + " twice: " + owner + " and " + name);
                }
                if (!name.equals(Unit.SHARDED + "-" + shard)) {
                    problems.add(name + " has index " + shard + ": a shard is named " + Unit.SHARDED + "-<index>");
                }
                String database = Unit.SHARDED + "_" + shard;
                String url = "jdbc:postgresql://" + wiring.host().apply(name + "-db") + ":5432/" + database;
                Optional<String> actualUrl = Environments.value(environment, "quarkus.datasource.jdbc.url");
                if (!actualUrl.equals(Optional.of(url))) {
                    problems.add(name + ": its own database " + url + ", not " + actualUrl.orElse("none"));
                }
                Optional<String> user = Environments.value(environment, "quarkus.datasource.username");
                if (!user.equals(Optional.of(database))) {
                    problems.add(name + ": its own database user " + database + ", not " + user.orElse("none"));
                }
            }
            Optional<String> shards = Environments.value(environment, COUNT);
            if (!shards.equals(Optional.of(String.valueOf(count)))) {
                problems.add(name + ": " + COUNT + " is " + shards.orElse("not set") + ", but there are " + count
                        + " shards");
            }
            if (Environments.value(environment, CONSUMER_GROUP).isPresent()) {
                problems.add(name + " sets " + CONSUMER_GROUP + ": it is derived from the shard index");
            }
        });
        if (!byIndex.isEmpty()
                && (byIndex.size() != count || byIndex.keySet().stream().anyMatch(i -> i < 0 || i >= count))) {
            problems.add("the shard indexes are " + byIndex.keySet() + ", not 0.." + (count - 1));
        }
        List<String> expected = IntStream.range(0, count).mapToObj(i -> Unit.SHARDED + "-" + i).toList();

        Optional<List<String>> routed = Environments.value(wiring.gateway(), GATEWAY_SHARDS).map(CartShardsTest::list);
        if (!routed.equals(Optional.of(expected))) {
            problems.add("api-gateway: " + GATEWAY_SHARDS + " must be " + expected + " (position = shard index), not "
                    + routed.map(Object::toString).orElse("unset"));
        }
        for (String shard : expected) {
            String dns = "cubeshop.gateway.upstreams." + shard + ".dns";
            expect(problems, "api-gateway", wiring.gateway(), dns, wiring.host().apply(shard) + ":" + port);
        }
        wiring.gateway().keySet().stream()
                .filter(key -> key.startsWith("cubeshop.gateway.upstreams." + Unit.SHARDED + ".")
                        || key.startsWith("CUBESHOP_GATEWAY_UPSTREAMS_" + Unit.SHARDED.toUpperCase() + "_")
                                && !key.matches("CUBESHOP_GATEWAY_UPSTREAMS_[A-Z]+_\\d+_.*"))
                .forEach(key -> problems.add("api-gateway: " + key + " configures the unsharded upstream "
                        + Unit.SHARDED + ", which no longer exists"));

        Optional<List<String>> called = Environments.value(wiring.orchestrator(), ORCHESTRATOR_SHARDS)
                .map(CartShardsTest::list);
        if (!called.equals(Optional.of(expected))) {
            problems.add("checkout-orchestrator: " + ORCHESTRATOR_SHARDS + " must be " + expected
                    + " (position = shard index), not " + called.map(Object::toString).orElse("unset"));
        }
        for (String shard : expected) {
            String stork = "quarkus.stork." + shard + ".service-discovery.";
            expect(problems, "checkout-orchestrator", wiring.orchestrator(), stork + "type", "dns");
            expect(problems, "checkout-orchestrator", wiring.orchestrator(), stork + "hostname",
                    wiring.host().apply(shard));
            expect(problems, "checkout-orchestrator", wiring.orchestrator(), stork + "port", String.valueOf(port));
        }
        wiring.orchestrator().keySet().stream()
                .filter(key -> key.startsWith("quarkus.stork." + Unit.SHARDED + "."))
                .forEach(key -> problems.add("checkout-orchestrator: " + key + " configures the unsharded Stork "
                        + "service " + Unit.SHARDED + ", which " + ORCHESTRATOR_SHARDS + " replaces"));
        return problems;
    }

    private static void expect(List<String> problems, String app, Map<String, String> environment, String property,
            String expected) {
        Optional<String> actual = Environments.value(environment, property);
        if (!actual.equals(Optional.of(expected))) {
            problems.add(app + ": " + property + " must be " + expected + ", not " + actual.orElse("unset"));
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    private static Optional<Integer> integer(String value) {
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
