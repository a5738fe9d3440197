package dev.cubeshop.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * The fake upstreams, with the cart found by DNS ({@code localhost:<port>}) instead of a list. The list points at a
 * closed port, so a request that reaches the fake cart proves that the DNS name won.
 */
public class DnsUpstreams extends FakeUpstreams {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("cubeshop.gateway.upstreams.cart.replicas", "http://127.0.0.1:1");
        config.put("cubeshop.gateway.upstreams.cart.dns", "localhost:" + cart.port());
        return config;
    }
}
