package dev.cubeshop.gateway.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;

import dev.cubeshop.gateway.GatewayMetrics;
import dev.cubeshop.gateway.GatewayMetrics.Ejection;
import dev.cubeshop.gateway.config.GatewayConfig;

/**
 * The upstreams and their replicas, kept current by active readiness checks: every interval each replica's
 * {@code /q/health/ready} is asked; a failure ejects it, a pass re-admits an ejected one. The replica lists are taken
 * from the {@link ReplicaSource} as soon as it reports a change (a replica registered, or deregistered as its drain
 * began: within the registry refresh, well inside the replicas' shutdown delay) and again on every round.
 */
@Startup
@ApplicationScoped
public class UpstreamRegistry {
    private static final Logger LOG = Logger.getLogger(UpstreamRegistry.class);

    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final GatewayConfig.Health health;
    private final ReplicaSource source;
    private final HttpClient checks;
    private final Vertx vertx;
    private final long timer;
    private final long minEjectionNanos;

    UpstreamRegistry(GatewayConfig config, RouteTable routes, ReplicaSource source, Vertx vertx,
            GatewayMetrics metrics) {
        this.health = config.health();
        this.source = source;
        this.vertx = vertx;
        this.minEjectionNanos = health.minEjection().toNanos();
        // Only upstreams a route uses are balanced and health-checked: a configured one that no route names (the
        // unsharded cart's default when the routes name cart shards) is neither probed nor reported.
        Set<String> inUse = routes.upstreamsInUse();
        config.upstreams().forEach((name, upstream) -> {
            if (inUse.contains(name)) {
                upstreams.put(name, new Upstream(name, upstream.balancing(), source.replicas(name), metrics));
            } else {
                LOG.debugf("Upstream %s is configured but no route uses it; ignored", name);
            }
        });
        // Readiness probes are not part of any request's trace.
        this.checks = vertx.createHttpClient(new HttpClientOptions()
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setConnectTimeout((int) health.timeout().toMillis())
                .setMaxPoolSize(1)
                .setKeepAlive(true));
        this.timer = vertx.setPeriodic(health.interval().toMillis(), id -> checkAll());
        source.onChange(this::takeReplicaLists);
    }

    public Upstream get(String name) {
        return upstreams.get(name);
    }

    public Map<String, Upstream> all() {
        return Map.copyOf(upstreams);
    }

    long minEjectionNanos() {
        return minEjectionNanos;
    }

    int serverErrorsToEject() {
        return health.consecutiveServerErrors();
    }

    /** A connection to the replica failed: out at once, readiness checks bring it back. */
    void connectionFailed(Replica replica, Throwable cause) {
        replica.unanswered();
        if (replica.healthy()) {
            LOG.warnf("Ejecting %s: %s", replica, cause.toString());
        }
        replica.eject(Ejection.CONNECTION, "connection failed: " + cause.getClass().getSimpleName(),
                minEjectionNanos);
    }

    private void checkAll() {
        takeReplicaLists();
        for (Upstream upstream : upstreams.values()) {
            for (Replica replica : upstream.replicas()) {
                check(replica);
            }
        }
    }

    private void takeReplicaLists() {
        for (Upstream upstream : upstreams.values()) {
            upstream.replaceReplicas(source.replicas(upstream.name()));
        }
    }

    private void check(Replica replica) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(replica.host())
                .setPort(replica.port()).setURI(health.path()).setTimeout(health.timeout().toMillis());
        checks.request(options)
                .compose(request -> request.send())
                .onSuccess(response -> {
                    replica.checkAnswered();
                    response.body();
                    if (response.statusCode() / 100 == 2) {
                        if (!replica.healthy()) {
                            replica.readinessPassed();
                            if (replica.healthy()) {
                                LOG.infof("Re-admitting %s: ready again", replica);
                            }
                        }
                    } else {
                        notReady(replica, "readiness answered " + response.statusCode());
                    }
                })
                .onFailure(failure -> {
                    // A refused connection is certain; a slow answer may be a pause on a busy machine, so one alone
                    // does not eject (requests that fail eject the replica passively anyway).
                    boolean certain = !(failure instanceof TimeoutException);
                    if (certain || replica.checkTimedOut() >= 2) {
                        notReady(replica, "readiness check failed: " + failure.getClass().getSimpleName());
                    }
                });
    }

    private void notReady(Replica replica, String why) {
        if (replica.healthy()) {
            LOG.warnf("Ejecting %s: %s", replica, why);
        }
        replica.eject(Ejection.READINESS, why, minEjectionNanos);
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
        checks.close();
    }
}
