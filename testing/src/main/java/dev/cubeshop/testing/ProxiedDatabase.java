package dev.cubeshop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Puts a {@link TcpProxy} between the application under test and its PostgreSQL. The real database comes from the
 * {@code quarkus.datasource.jdbc.url} system property that {@code ./cubeshop test} passes to the tests.
 */
public class ProxiedDatabase implements QuarkusTestResourceLifecycleManager {
    private static final String URL = "quarkus.datasource.jdbc.url";
    private static volatile TcpProxy proxy;
    private String original;

    public static TcpProxy proxy() {
        return proxy;
    }

    public static boolean available() {
        return System.getProperty(URL) != null;
    }

    @Override
    public Map<String, String> start() {
        String url = System.getProperty(URL);
        if (url == null) {
            // Dev Services choose the database at boot; there is nothing to put a proxy in front of.
            return Map.of();
        }
        URI target = URI.create(url.substring("jdbc:".length()));
        try {
            proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath();
        // The real URL arrives as a system property, which outranks what a test resource returns: replace it for
        // the lifetime of this application and put it back afterwards.
        original = url;
        System.setProperty(URL, proxied);
        return Map.of(URL, proxied);
    }

    @Override
    public void stop() {
        if (original != null) {
            System.setProperty(URL, original);
        }
        try {
            if (proxy != null) {
                proxy.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
