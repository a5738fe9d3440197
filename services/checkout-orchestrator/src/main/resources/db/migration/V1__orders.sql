-- Orders and the state of their completeCheckout() saga. "order" is a reserved word, hence customer_order.
create table customer_order (
    id                  uuid        primary key,
    customer_id         text        not null,
    idempotency_key     uuid        not null,
    -- SHA-256 of the request body's meaning: the same key with another body is refused, not replayed.
    request_fingerprint text        not null,
    status              text        not null,
    total_minor         bigint,
    currency            text,
    payment_status      text,
    -- The problem answered for an order that did not complete, replayed for a repeated Idempotency-Key.
    failure             jsonb,
    -- When the recovery job may take the saga over if it is still not terminal (a lease, renewed on every step).
    due_at              timestamptz not null,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    -- A repeated (or racing) Idempotency-Key finds this row instead of creating a second order.
    constraint customer_order_idempotency unique (customer_id, idempotency_key),
    constraint customer_order_status check (status in
        ('PENDING', 'RESERVED', 'PAID', 'COMPLETED', 'REJECTED', 'PAYMENT_DECLINED', 'FAILED'))
);

create index customer_order_by_customer on customer_order (customer_id, created_at desc);
-- The recovery job scans only sagas still in flight.
create index customer_order_in_flight on customer_order (due_at)
    where status in ('PENDING', 'RESERVED', 'PAID');

-- The lines as inventory reserved them: authoritative unit prices and product names.
create table order_item (
    order_id         uuid    not null references customer_order (id),
    line_no          int     not null,
    sku              text    not null,
    name             text    not null,
    quantity         int     not null check (quantity > 0),
    unit_price_minor bigint  not null check (unit_price_minor >= 0),
    currency         text    not null,
    primary key (order_id, line_no)
);
