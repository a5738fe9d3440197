package dev.cubeshop.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.cubeshop.platform.registry.Etcd;
import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * The fake upstreams, with the cart found in the registry (a real etcd: CUBESHOP_ETCD, in a namespace of its own)
 * instead of a list. The list points at a closed port, so a request that reaches a fake cart proves that the registry
 * won. Without CUBESHOP_ETCD the registry stays off and the test using this resource is skipped.
 */
public class RegistryUpstreams extends FakeUpstreams {
    static volatile ServiceRegistry registry;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String etcd = System.getenv("CUBESHOP_ETCD");
        if (etcd == null) {
            registry = null;
            return config;
        }
        String namespace = "gateway-test-" + UUID.randomUUID();
        registry = new ServiceRegistry(new Etcd(Etcd.endpoints(etcd), Duration.ofSeconds(1)), namespace);
        config.put("cubeshop.registry.etcd", etcd);
        config.put("cubeshop.registry.namespace", namespace);
        config.put("cubeshop.registry.refresh", "500ms");
        config.put("cubeshop.gateway.upstreams.cart.replicas", "http://127.0.0.1:1");
        config.put("cubeshop.gateway.upstreams.cart.registry", "cart");
        return config;
    }
}
