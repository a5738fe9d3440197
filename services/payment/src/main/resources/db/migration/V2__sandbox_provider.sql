-- The sandbox payment provider's own records: what a real provider keeps on its side. One row per request the
-- sandbox received, deliberately without deduplication, so that tests can count the charges the service asked for.
-- A real provider adapter does not use these tables.
create table sandbox_charge (
    id              bigserial primary key,
    idempotency_key uuid        not null,
    token_name      varchar(32) not null,
    amount_minor    bigint      not null,
    currency        varchar(3)  not null,
    outcome         varchar(16) not null check (outcome in ('APPROVED', 'DECLINED', 'ERROR')),
    decline_reason  varchar(32),
    reference       varchar(64) not null,
    created_at      timestamptz not null default now()
);
create index sandbox_charge_key_idx on sandbox_charge (idempotency_key);

create table sandbox_refund (
    id               bigserial primary key,
    charge_reference varchar(64) not null,
    outcome          varchar(20) not null check (outcome in ('REFUNDED', 'ALREADY_REFUNDED', 'UNKNOWN_CHARGE')),
    reference        varchar(64),
    created_at       timestamptz not null default now()
);
create index sandbox_refund_charge_idx on sandbox_refund (charge_reference);
