package dev.cubeshop.platform.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ShardMapTest {
    private static final int CUSTOMERS = 3_000;

    @Test
    void ownersMatchScoresComputedWithSha256sum() {
        // Expected owners from `printf '%s' "<shard>:<customer>" | sha256sum`, first 16 hex digits, highest wins:
        // alice 5be0…/4cb3…/41e7…, dave 3e66…/6f27…/fe58…, frank 0998…/790c…/3d7d….
        assertThat(new ShardMap(2).shardOf("alice")).isZero();
        assertThat(new ShardMap(3).shardOf("alice")).isZero();
        assertThat(new ShardMap(2).shardOf("dave")).isEqualTo(1);
        assertThat(new ShardMap(3).shardOf("dave")).isEqualTo(2);
        assertThat(new ShardMap(2).shardOf("frank")).isEqualTo(1);
        assertThat(new ShardMap(3).shardOf("frank")).isEqualTo(1);
        assertThat(new ShardMap(1).shardOf("anyone")).isZero();
    }

    @Test
    void threeThousandCustomersSpreadOverTwoShardsWithinTenPercent() {
        int[] perShard = spread(new ShardMap(2), customers("spread"));
        double fair = CUSTOMERS / 2.0;
        for (int n : perShard) {
            assertThat(Math.abs(n - fair) / fair).as("deviation of %s from %s", n, fair).isLessThanOrEqualTo(0.10);
        }
        assertThat(perShard[0] + perShard[1]).isEqualTo(CUSTOMERS);
    }

    @Test
    void addingAThirdShardMovesAboutAThirdAndOnlyToTheNewShard() {
        ShardMap two = new ShardMap(2);
        ShardMap three = new ShardMap(3);
        String[] customers = customers("grow");
        int moved = 0;
        for (String customer : customers) {
            int before = two.shardOf(customer);
            int after = three.shardOf(customer);
            if (before != after) {
                moved++;
                assertThat(after).as("where %s moved", customer).isEqualTo(2);
            }
        }
        assertThat(moved / (double) CUSTOMERS).isBetween(1 / 3.0 - 0.05, 1 / 3.0 + 0.05);
        int[] perShard = spread(three, customers);
        for (int n : perShard) {
            assertThat(Math.abs(n - CUSTOMERS / 3.0) / (CUSTOMERS / 3.0)).isLessThanOrEqualTo(0.10);
        }
    }

    @Test
    void aShardMapNeedsAShard() {
        assertThatThrownBy(() -> new ShardMap(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String[] customers(String seed) {
        // Token subjects as the demo identity provider issues them: user names, some UUID-like.
        return IntStream.range(0, CUSTOMERS)
                .mapToObj(i -> i % 2 == 0
                        ? seed + "-customer-" + i
                        : UUID.nameUUIDFromBytes((seed + i).getBytes()).toString())
                .toArray(String[]::new);
    }

    private static int[] spread(ShardMap map, String[] customers) {
        int[] perShard = new int[map.count()];
        for (String customer : customers) {
            perShard[map.shardOf(customer)]++;
        }
        return perShard;
    }
}
