package dev.cubeshop.platform.sharding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The lookup step of the Z-axis: which of {@code count} shards owns a customer. Rendezvous (highest random weight)
 * hashing: every shard scores the customer, the highest score owns it. Growing from K to K+1 shards moves only the
 * customers the new shard now wins, about 1/(K+1) of them, and every moved customer moves to the new shard.
 *
 * <p>
 * The score is defined so that any language can compute it: the first 8 bytes, big-endian and unsigned, of
 * SHA-256 over the UTF-8 bytes of {@code "<shard index>:<customer id>"}; on a tie the lower index wins. The gateway,
 * the checkout orchestrator and every cart shard use this one class, so they always agree.
 */
public final class ShardMap {
    private final int count;

    public ShardMap(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a shard map needs at least one shard, got " + count);
        }
        this.count = count;
    }

    public int count() {
        return count;
    }

    /** The index (0..count-1) of the shard that owns the customer. */
    public int shardOf(String customerId) {
        if (count == 1) {
            return 0;
        }
        MessageDigest sha256 = sha256();
        int owner = 0;
        long best = 0;
        for (int shard = 0; shard < count; shard++) {
            long score = score(sha256, shard, customerId);
            if (shard == 0 || Long.compareUnsigned(score, best) > 0) {
                owner = shard;
                best = score;
            }
        }
        return owner;
    }

    static long score(MessageDigest sha256, int shard, String customerId) {
        sha256.reset();
        byte[] digest = sha256.digest((shard + ":" + customerId).getBytes(StandardCharsets.UTF_8));
        long score = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            score = (score << 8) | (digest[i] & 0xFF);
        }
        return score;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ShardMap[" + count + " shards, rendezvous/SHA-256]";
    }
}
