-- When this cart database (a shard) was created. The shard acts only on OrderCompleted events that occurred after it:
-- a shard added later reads the topic from its beginning (a new consumer group), and must not replay old checkouts
-- onto carts that are handed to it (services/cart/README.md, "Adding a shard").
create table shard_birth (
    born_at timestamptz not null
);
insert into shard_birth (born_at) values (now());
