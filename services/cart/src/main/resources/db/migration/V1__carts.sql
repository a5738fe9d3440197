-- One cart per customer (the JWT subject). Everything is keyed by customer_id, so carts can later be partitioned by
-- customer across shard databases without changing a query.
create table cart (
    customer_id text        primary key,
    updated_at  timestamptz not null
);

create table cart_line (
    customer_id      text    not null references cart (customer_id) on delete cascade,
    sku              text    not null,
    name             text    not null,
    quantity         integer not null check (quantity between 1 and 99),
    unit_price_minor bigint  not null check (unit_price_minor >= 0),
    currency         text    not null check (currency ~ '^[A-Z]{3}$'),
    primary key (customer_id, sku)
);

-- Idempotent consumer bookkeeping (copied from outbox/src/main/resources/db/outbox.sql).
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
