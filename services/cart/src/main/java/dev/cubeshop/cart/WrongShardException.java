package dev.cubeshop.cart;

/** A request for a customer this shard does not own: a misroute, answered 421 so that it cannot touch any data. */
public class WrongShardException extends RuntimeException {
    private final int shard;
    private final int owner;
    private final int shards;

    public WrongShardException(int shard, int owner, int shards) {
        super("This is cart shard " + shard + " of " + shards + "; the customer belongs to shard " + owner);
        this.shard = shard;
        this.owner = owner;
        this.shards = shards;
    }

    public int shard() {
        return shard;
    }

    public int owner() {
        return owner;
    }

    public int shards() {
        return shards;
    }
}
