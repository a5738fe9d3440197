package dev.cubeshop.gateway;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the test's upstream servers before the gateway and points the gateway at them: three inventory replicas, one
 * cart and one checkout-orchestrator replica.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {
    static volatile List<FakeUpstream> inventory;
    static volatile FakeUpstream cart;
    static volatile FakeUpstream checkout;

    @Override
    public Map<String, String> start() {
        inventory = List.of(new FakeUpstream("inventory", 0), new FakeUpstream("inventory", 1),
                new FakeUpstream("inventory", 2));
        cart = new FakeUpstream("cart", 0);
        checkout = new FakeUpstream("checkout-orchestrator", 0);
        return Map.of(
                "cubeshop.gateway.upstreams.inventory.replicas",
                inventory.stream().map(FakeUpstream::uri).collect(Collectors.joining(",")),
                "cubeshop.gateway.upstreams.cart.replicas", cart.uri(),
                "cubeshop.gateway.upstreams.checkout-orchestrator.replicas", checkout.uri());
    }

    @Override
    public void stop() {
        all().forEach(FakeUpstream::kill);
    }

    static Stream<FakeUpstream> all() {
        return Stream.concat(inventory.stream(), Stream.of(cart, checkout));
    }
}
