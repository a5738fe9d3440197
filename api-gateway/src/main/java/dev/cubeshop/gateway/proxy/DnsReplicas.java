package dev.cubeshop.gateway.proxy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * Replica lists from DNS names: an upstream {@code cart:8081} has one replica {@code http://<address>:8081} per IPv4
 * address (A record) that {@code cart} resolves to. That is how Docker's DNS answers for a compose service scaled to N
 * containers and how a Kubernetes headless Service answers for its ready pods. {@link #refresh()} resolves every name
 * again (it blocks: call it off the event loop); {@link #replicas} answers from the last snapshot without blocking. A
 * failed lookup keeps the previous answer: replicas that are really gone fail their readiness checks and are ejected,
 * while a DNS hiccup does not empty an upstream.
 */
public final class DnsReplicas {
    private static final Logger LOG = Logger.getLogger(DnsReplicas.class);

    /** Resolves a host name to all its addresses, as {@link InetAddress#getAllByName} does. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A DNS name and the port its replicas listen on. */
    public record Name(String host, int port) {
        /** Parses {@code host:port}. */
        public static Name parse(String upstream, String value) {
            int colon = value.lastIndexOf(':');
            String host = colon > 0 ? value.substring(0, colon).trim() : "";
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(value.substring(colon + 1).trim()) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("cubeshop.gateway.upstreams." + upstream
                        + ".dns must be host:port (e.g. cart:8081), got '" + value + "'");
            }
            return new Name(host, port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final ReplicaLists<Name> lists;
    private final Resolver resolver;

    public DnsReplicas(Map<String, Name> names, Resolver resolver) {
        this.lists = new ReplicaLists<>("dns", names);
        this.resolver = resolver;
    }

    public boolean isEmpty() {
        return lists.isEmpty();
    }

    /** The replicas found by the last successful lookup of the upstream's name; empty before the first one. */
    public List<URI> replicas(String upstream) {
        return lists.get(upstream);
    }

    /** Resolves every name again. Blocks on DNS. True when a replica list changed. */
    public boolean refresh() {
        return lists.refresh(this::resolve);
    }

    private List<URI> resolve(String upstream, Name name) {
        List<URI> found;
        try {
            found = Arrays.stream(resolver.resolve(name.host()))
                    .filter(Inet4Address.class::isInstance)
                    .map(InetAddress::getHostAddress)
                    .distinct()
                    .sorted(Comparator.naturalOrder())
                    .map(address -> URI.create("http://" + address + ":" + name.port()))
                    .toList();
        } catch (UnknownHostException | RuntimeException e) {
            LOG.warnf("Resolving %s for upstream %s failed (%s); keeping %s", name.host(), upstream, e.toString(),
                    replicas(upstream));
            return null;
        }
        if (found.isEmpty()) {
            LOG.warnf("%s for upstream %s has no IPv4 address; keeping %s", name.host(), upstream,
                    replicas(upstream));
            return null;
        }
        return found;
    }
}
