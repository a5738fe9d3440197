package dev.cubeshop.gateway.proxy;

import dev.cubeshop.gateway.config.GatewayConfig.Access;

/** A public path prefix, the upstream that serves it, who may call it, its timeout and whether it is cacheable. */
public record Route(String name, String prefix, String upstream, Access access, long timeoutMillis, boolean cacheable) {

    boolean matches(String path) {
        return path.startsWith(prefix)
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
