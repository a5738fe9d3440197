-- Applied by OutboxSchema with its own history table (outbox_schema_history) in each service's database.
-- "if not exists": services that created these tables in their own migrations before keep working.
create table if not exists outbox (
    id           bigserial primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    message_key  text        not null,
    event_type   text        not null,
    payload      jsonb       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
-- The relay reads pending rows in id order; published rows drop out of this index.
create index if not exists outbox_pending on outbox (id) where published_at is null;

create table if not exists processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
