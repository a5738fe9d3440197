package dev.cubeshop.platform.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Keeps one replica registered while it lives: registers it, renews its lease every third of the TTL, and registers it
 * again under a new lease when the old one is gone (the process was frozen past the TTL, or etcd lost it); when etcd
 * cannot be reached it keeps trying on the same beat. {@link #leave()} revokes the lease, so readers drop the replica
 * at their next refresh instead of after the TTL.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Membership.class);

    private final ServiceRegistry registry;
    private final String service;
    private final ServiceRegistry.Instance instance;
    private final Duration ttl;
    private final ScheduledExecutorService beat;
    private long lease = -1;
    private boolean left;
    private boolean warned;

    public Membership(ServiceRegistry registry, String service, ServiceRegistry.Instance instance, Duration ttl) {
        this.registry = registry;
        this.service = service;
        this.instance = instance;
        this.ttl = ttl;
        this.beat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registry-membership");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers now (on the caller's thread, so a start-up log shows it) and keeps the registration alive. */
    public void join() {
        renew();
        long period = Math.max(200, ttl.toMillis() / 3);
        beat.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    public synchronized boolean registered() {
        return lease >= 0;
    }

    /** The lease now held, -1 when none. */
    synchronized long lease() {
        return lease;
    }

    synchronized void renew() {
        if (left) {
            return;
        }
        try {
            if (lease >= 0 && registry.etcd().keepAlive(lease)) {
                return;
            }
            if (lease >= 0) {
                LOG.warnf("The registry lease of %s %s expired; registering again", service, instance.address());
            }
            lease = registry.register(service, instance, ttl);
            LOG.infof("Registered %s %s in the registry (lease %x, TTL %ss)", service, instance.address(), lease,
                    ttl.toSeconds());
            warned = false;
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                LOG.warnf("Cannot reach the registry to register %s %s (%s); retrying", service, instance.address(),
                        e.toString());
                warned = true;
            }
        }
    }

    /** Leaves the registry at once (revokes the lease) and stops renewing. Idempotent. */
    public synchronized void leave() {
        if (left) {
            return;
        }
        left = true;
        beat.shutdownNow();
        if (lease < 0) {
            return;
        }
        try {
            registry.etcd().revoke(lease);
            LOG.infof("Deregistered %s %s from the registry", service, instance.address());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not deregister %s %s (%s); the registry drops it when its lease expires", service,
                    instance.address(), e.toString());
        }
        lease = -1;
    }

    @Override
    public void close() {
        leave();
    }
}
