package dev.cubeshop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import dev.cubeshop.gateway.config.GatewayConfig.Balancing;

class DnsReplicasTest {
    /** A DNS that answers what the test says, like Docker's DNS while `docker compose up --scale` changes. */
    private final Map<String, List<String>> records = new ConcurrentHashMap<>();

    private final DnsReplicas dns = new DnsReplicas(
            Map.of("cart", new DnsReplicas.Name("cart", 8081), "inventory", new DnsReplicas.Name("inventory", 8082)),
            this::resolve);

    private InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> addresses = records.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[addresses.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = InetAddress.getByName(addresses.get(i));
        }
        return result;
    }

    @Test
    void everyAddressOfTheNameIsAReplicaOnTheConfiguredPort() {
        records.put("cart", List.of("172.18.0.7", "172.18.0.5", "172.18.0.6"));
        records.put("inventory", List.of("172.18.0.9"));

        dns.refresh();

        assertThat(dns.replicas("cart")).containsExactly(URI.create("http://172.18.0.5:8081"),
                URI.create("http://172.18.0.6:8081"), URI.create("http://172.18.0.7:8081"));
        assertThat(dns.replicas("inventory")).containsExactly(URI.create("http://172.18.0.9:8082"));
    }

    @Test
    void scaledReplicasJoinAndRemovedOnesLeaveAtTheNextRefresh() {
        records.put("cart", List.of("172.18.0.5"));
        records.put("inventory", List.of("172.18.0.9"));
        assertThat(dns.refresh()).as("the first answers are a change").isTrue();
        assertThat(dns.replicas("cart")).hasSize(1);
        assertThat(dns.refresh()).as("the same answers again").isFalse();

        records.put("cart", List.of("172.18.0.5", "172.18.0.6", "172.18.0.7"));
        assertThat(dns.replicas("cart")).as("nothing changes between refreshes").hasSize(1);
        assertThat(dns.refresh()).isTrue();
        assertThat(dns.replicas("cart")).hasSize(3);

        records.put("cart", List.of("172.18.0.7"));
        assertThat(dns.refresh()).isTrue();
        assertThat(dns.replicas("cart")).containsExactly(URI.create("http://172.18.0.7:8081"));
    }

    @Test
    void aFailedLookupKeepsTheLastAnswer() {
        records.put("cart", List.of("172.18.0.5", "172.18.0.6"));
        dns.refresh();

        records.remove("cart");
        assertThat(dns.refresh()).as("a failed lookup changes nothing").isFalse();

        assertThat(dns.replicas("cart")).hasSize(2);
        assertThat(dns.replicas("inventory")).as("never resolved").isEmpty();
    }

    @Test
    void onlyIpv4AddressesCount() {
        records.put("cart", List.of("::1", "172.18.0.5"));
        dns.refresh();
        assertThat(dns.replicas("cart")).containsExactly(URI.create("http://172.18.0.5:8081"));
    }

    @Test
    void anUpstreamKeepsTheStateOfReplicasThatStayWhenTheAnswerGrows() {
        records.put("cart", List.of("172.18.0.5"));
        dns.refresh();
        Upstream upstream = new Upstream("cart", Balancing.ROUND_ROBIN, dns.replicas("cart"));
        Replica first = upstream.replicas().get(0);

        records.put("cart", List.of("172.18.0.5", "172.18.0.6"));
        dns.refresh();
        upstream.replaceReplicas(dns.replicas("cart"));

        assertThat(upstream.replicas()).hasSize(2).first().isSameAs(first);
    }

    @Test
    void theNameMustBeHostAndPort() {
        assertThat(DnsReplicas.Name.parse("cart", "cart:8081")).isEqualTo(new DnsReplicas.Name("cart", 8081));
        assertThat(DnsReplicas.Name.parse("cart", "cart.cubeshop.svc.cluster.local:8081").host())
                .isEqualTo("cart.cubeshop.svc.cluster.local");
        for (String wrong : List.of("cart", "cart:", ":8081", "cart:http", "cart:0", "cart:70000")) {
            assertThatThrownBy(() -> DnsReplicas.Name.parse("cart", wrong))
                    .as(wrong).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cubeshop.gateway.upstreams.cart.dns");
        }
    }
}
