-- One payment per order: the primary key is what makes a charge happen once, whatever the number of callers.
create table payment (
    order_id           uuid primary key,
    amount_minor       bigint       not null check (amount_minor > 0),
    currency           varchar(3)   not null,
    status             varchar(16)  not null
        check (status in ('PENDING', 'CAPTURED', 'DECLINED', 'FAILED', 'REFUNDED')),
    provider_reference varchar(64),
    decline_reason     varchar(32),
    refund_reference   varchar(64),
    -- The order failed while the charge was still pending: refund as soon as it is captured.
    refund_on_capture  boolean      not null default false,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);

-- The recovery job looks for payments that stayed PENDING (the process died during the provider call).
create index payment_pending_idx on payment (created_at) where status = 'PENDING';
