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

import dev.cubeshop.platform.warmup.WarmingUp;

/**
 * Registers this replica in the service registry once its HTTP server listens and its warm-ups are done
 * ({@link WarmingUp}: callers find it only when its first requests no longer pay for cold connections), and deregisters
 * it as the first step of a graceful shutdown: when the shutdown delay begins (readiness turns DOWN, requests are still
 * served), so callers stop choosing it while in-flight requests finish. Without {@code cubeshop.registry.etcd} it does
 * nothing.
 */
@ApplicationScoped
public class Registration {
    private static final Logger LOG = Logger.getLogger(Registration.class);

    private final RegistryConfig config;
    private final String applicationName;
    private final String httpHost;
    private final WarmingUp warmingUp;
    private Membership membership;
    private boolean leaving;

    Registration(RegistryConfig config, @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "quarkus.http.host") Optional<String> httpHost, WarmingUp warmingUp) {
        this.config = config;
        this.warmingUp = warmingUp;
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
        warmingUp.whenDone(() -> join(new Membership(registry.get(), service, instance, config.ttl())));
    }

    private synchronized void join(Membership joining) {
        if (leaving) {
            return;
        }
        membership = joining;
        joining.join();
    }

    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        leave();
    }

    void stopping(@Observes ShutdownEvent event) {
        leave();
    }

    private synchronized void leave() {
        leaving = true;
        if (membership != null) {
            membership.leave();
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
