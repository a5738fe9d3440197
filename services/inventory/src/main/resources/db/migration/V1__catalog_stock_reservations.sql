-- Trigram search on product names ("trusted" extension: the database owner may create it).
create extension if not exists pg_trgm;

create table product (
    sku          text        primary key,
    name         text        not null,
    description  text        not null default '',
    price_minor  bigint      not null check (price_minor >= 0),
    currency     text        not null check (currency ~ '^[A-Z]{3}$'),
    active       boolean     not null default true,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
-- One index per public sort order over the active catalog; sku breaks ties so pages are stable. A page is found by an
-- index-only scan that returns skus (the name is included for the name order, which is case-insensitive whatever
-- the database collation); only the page's own rows are read then.
create index product_active_by_name on product (lower(name), sku) include (name) where active;
create index product_active_by_price on product (price_minor, sku) where active;
create index product_active_by_sku on product (sku) where active;
-- Search is a case-insensitive substring match on the name.
create index product_name_trigram on product using gin (lower(name) gin_trgm_ops);

-- The size of the active catalog, kept by statement-level triggers: counting a million rows for every page would
-- cost a scan of them all.
create table catalog_size (
    id              boolean primary key default true check (id),
    active_products bigint  not null
);
insert into catalog_size (active_products) values (0);

create function catalog_size_after_insert() returns trigger language plpgsql as $$
begin
    update catalog_size set active_products = active_products + (select count(*) from added where active);
    return null;
end $$;
create function catalog_size_after_update() returns trigger language plpgsql as $$
begin
    update catalog_size set active_products = active_products
        + (select count(*) from after_change where active) - (select count(*) from before_change where active);
    return null;
end $$;
create function catalog_size_after_delete() returns trigger language plpgsql as $$
begin
    update catalog_size set active_products = active_products - (select count(*) from removed where active);
    return null;
end $$;
create trigger catalog_size_insert after insert on product referencing new table as added
    for each statement execute function catalog_size_after_insert();
create trigger catalog_size_update after update on product
    referencing old table as before_change new table as after_change
    for each statement execute function catalog_size_after_update();
create trigger catalog_size_delete after delete on product referencing old table as removed
    for each statement execute function catalog_size_after_delete();

-- Stock lives beside the product: hot, small rows that change on every reservation.
create table stock (
    sku      text primary key references product (sku),
    on_hand  integer not null check (on_hand >= 0),
    reserved integer not null check (reserved >= 0),
    -- The invariant that makes overselling impossible, whatever the code does.
    constraint stock_reserved_within_on_hand check (reserved <= on_hand)
);

create table reservation (
    order_id   uuid        primary key,
    status     text        not null check (status in ('RESERVED', 'COMMITTED', 'RELEASED', 'EXPIRED')),
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
-- The expiry job looks only at held reservations, oldest expiry first.
create index reservation_held_by_expiry on reservation (expires_at) where status = 'RESERVED';

create table reservation_line (
    order_id         uuid    not null references reservation (order_id),
    sku              text    not null references product (sku),
    name             text    not null,
    quantity         integer not null check (quantity > 0),
    unit_price_minor bigint  not null check (unit_price_minor >= 0),
    currency         text    not null,
    primary key (order_id, sku)
);
