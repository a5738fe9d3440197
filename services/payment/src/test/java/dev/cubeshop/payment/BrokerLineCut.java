package dev.cubeshop.payment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.cubeshop.testing.TcpProxy;

/**
 * Points the outbox relay (only the relay) at a {@link TcpProxy} in front of the shared broker, with the line cut from
 * the start: the relay's producer cannot even bootstrap, as if the broker were stopped. The shared broker itself keeps
 * running for everyone else. Once restored, the producer bootstraps through the proxy and then talks to the broker's
 * advertised address directly, so the line must stay cut until the test restores it.
 */
public class BrokerLineCut implements QuarkusTestResourceLifecycleManager {
    private static volatile TcpProxy proxy;

    static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        String first = System.getProperty("kafka.bootstrap.servers", "localhost:9092").split(",")[0];
        int colon = first.lastIndexOf(':');
        try {
            proxy = new TcpProxy(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
            proxy.cut();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("cubeshop.outbox.bootstrap-servers", "127.0.0.1:" + proxy.port());
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
