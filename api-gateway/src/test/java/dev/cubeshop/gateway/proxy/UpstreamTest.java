package dev.cubeshop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cubeshop.gateway.config.GatewayConfig.Balancing;

class UpstreamTest {
    private static final List<URI> THREE = List.of(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
            URI.create("http://127.0.0.1:3"));

    @Test
    void roundRobinTakesEachReplicaInTurn() {
        Upstream upstream = new Upstream("inventory", Balancing.ROUND_ROBIN, THREE);
        Map<URI, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(upstream.choose(List.of()).uri(), 1, Integer::sum);
        }
        assertThat(counts.values()).containsOnly(100);
    }

    @Test
    void aReplicaAlreadyTriedIsNotChosenAgain() {
        Upstream upstream = new Upstream("inventory", Balancing.ROUND_ROBIN, THREE);
        List<Replica> tried = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tried.add(upstream.choose(tried));
        }
        assertThat(tried).doesNotHaveDuplicates().hasSize(3);
        assertThat(upstream.choose(tried)).isNull();
    }

    @Test
    void replacingTheReplicaSetKeepsTheReplicasThatStay() {
        Upstream upstream = new Upstream("inventory", Balancing.ROUND_ROBIN, THREE);
        Replica second = upstream.replicas().get(1);

        upstream.replaceReplicas(List.of(THREE.get(1), URI.create("http://127.0.0.1:4")));

        assertThat(upstream.replicas()).hasSize(2).first().isSameAs(second);
        assertThat(upstream.replicas().get(1).uri()).isEqualTo(URI.create("http://127.0.0.1:4"));
    }

    @Test
    void leastOutstandingPicksTheReplicaWithFewestRequestsInFlight() {
        Upstream upstream = new Upstream("inventory", Balancing.LEAST_OUTSTANDING, THREE);
        List<Replica> replicas = upstream.replicas();
        replicas.get(0).started();
        replicas.get(0).started();
        replicas.get(2).started();

        for (int i = 0; i < 10; i++) {
            assertThat(upstream.choose(List.of())).isSameAs(replicas.get(1));
        }
        replicas.get(0).finished();
        replicas.get(0).finished();
        assertThat(upstream.choose(List.of(replicas.get(1)))).isSameAs(replicas.get(0));
    }

    @Test
    void repeatedServerErrorsEjectAndAPassingReadinessCheckReadmitsAfterTheMinimumEjection() throws Exception {
        Upstream upstream = new Upstream("inventory", Balancing.ROUND_ROBIN, THREE);
        Replica replica = upstream.replicas().get(0);
        long minEjection = 50_000_000L;

        for (int i = 0; i < 4; i++) {
            replica.answered(503, 5, minEjection);
        }
        replica.answered(200, 5, minEjection);
        for (int i = 0; i < 4; i++) {
            replica.answered(500, 5, minEjection);
        }
        assertThat(replica.healthy()).as("a success in between resets the count").isTrue();
        replica.answered(502, 5, minEjection);
        assertThat(replica.healthy()).isFalse();
        for (int i = 0; i < 30; i++) {
            assertThat(upstream.choose(List.of())).isNotSameAs(replica);
        }

        replica.readinessPassed();
        assertThat(replica.healthy()).as("still within the minimum ejection").isFalse();
        Thread.sleep(60);
        replica.readinessPassed();
        assertThat(replica.healthy()).isTrue();
    }
}
