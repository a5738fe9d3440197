package dev.cubeshop.cart;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cubeshop.cart.config.CartConfig;
import dev.cubeshop.platform.sharding.ShardMap;

/** This process's shard: which customers it owns. A customer of another shard is refused, never served or stored. */
@ApplicationScoped
public class Shard {
    private final ShardMap map;
    private final int index;

    Shard(CartConfig config) {
        this.map = new ShardMap(config.shard().count());
        this.index = config.shard().index();
        if (index < 0 || index >= map.count()) {
            throw new IllegalStateException("cubeshop.cart.shard.index must be 0.." + (map.count() - 1)
                    + " for cubeshop.cart.shard.count=" + map.count() + ", got " + index);
        }
    }

    public int index() {
        return index;
    }

    public int count() {
        return map.count();
    }

    public int ownerOf(String customerId) {
        return map.shardOf(customerId);
    }

    public boolean owns(String customerId) {
        return ownerOf(customerId) == index;
    }

    /** Throws {@link WrongShardException} unless this shard owns the customer. */
    public void requireOwned(String customerId) {
        int owner = ownerOf(customerId);
        if (owner != index) {
            throw new WrongShardException(index, owner, map.count());
        }
    }
}
