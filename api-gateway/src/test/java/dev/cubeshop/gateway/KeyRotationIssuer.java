package dev.cubeshop.gateway;

import java.security.KeyPair;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.cubeshop.gateway.auth.FakeIssuer;

/**
 * A token issuer with a key set URL in front of the gateway, instead of the demo identity provider: it publishes one
 * key when the gateway starts; the test rotates from there. The gateway may read the set again every 500 ms.
 */
public class KeyRotationIssuer implements QuarkusTestResourceLifecycleManager {
    static volatile FakeIssuer issuer;
    static volatile KeyPair initial;

    @Override
    public Map<String, String> start() {
        issuer = new FakeIssuer();
        initial = FakeIssuer.newKey();
        issuer.publish(initial);
        return Map.of("cubeshop.auth.jwks-url", issuer.uri().toString(),
                "cubeshop.auth.jwks-min-refresh", "500ms",
                "cubeshop.auth.jwks-refresh", "1h",
                "cubeshop.auth.demo-idp.enabled", "false");
    }

    @Override
    public void stop() {
        issuer.close();
    }
}
