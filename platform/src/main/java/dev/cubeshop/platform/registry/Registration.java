package dev.cubeshop.platform.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;

/**
 * Registers this replica in the service registry once its HTTP server listens, and deregisters it as the first step of
 * a graceful shutdown: when the shutdown delay begins (readiness turns DOWN, requests are still served), so callers
 * stop choosing it while in-flight requests finish. Without {@code cubeshop.registry.etcd} it does nothing.
 */
@ApplicationScoped
public class Registration {
    private static final Logger LOG = Logger.getLogger(Registration.class);

    private final RegistryConfig config;
    private final String applicationName;
    private final String httpHost;
    private volatile Membership membership;

    Registration(RegistryConfig config, @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "quarkus.http.host") Optional<String> httpHost) {
        this.config = config;
        this.applicationName = applicationName;
        this.httpHost = httpHost.orElse("0.0.0.0");
    }

    void started(@ObservesAsync HttpServerStart start) {
        Optional<ServiceRegistry> registry = config.registry();
        if (registry.isEmpty()) {
            return;
        }
        int port = start.options().getPort();
        if (port <= 0) {
            LOG.warn("Not registering: the HTTP port is chosen at random, so it cannot be advertised");
            return;
        }
        String service = config.service().orElse(applicationName);
        var instance = new ServiceRegistry.Instance(advertisedHost(), port);
        Membership joining = new Membership(registry.get(), service, instance, config.ttl());
        membership = joining;
        joining.join();
    }

    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        leave();
    }

    void stopping(@Observes ShutdownEvent event) {
        leave();
    }

    private void leave() {
        Membership current = membership;
        if (current != null) {
            current.leave();
        }
    }

    private String advertisedHost() {
        if (config.advertisedHost().isPresent()) {
            return config.advertisedHost().get();
        }
        if (!"0.0.0.0".equals(httpHost)) {
            return httpHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
