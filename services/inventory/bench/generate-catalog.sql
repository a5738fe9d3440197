-- Fills the inventory database with a large synthetic catalog for benchmarks: products BENCH-0000001 … and their
-- stock. Idempotent (existing skus are kept), so it can grow a catalog step by step.
--   psql … -v count=1000000 -f generate-catalog.sql
-- Remove them again with remove-catalog.sql. Names combine realistic words, so searches hit a realistic share.
\set ON_ERROR_STOP on
begin;
create temporary table bench_words on commit drop as
select array['Classic', 'Organic', 'Compact', 'Premium', 'Vintage', 'Lightweight', 'Wireless', 'Recycled',
             'Heavy-Duty', 'Handmade', 'Foldable', 'Insulated', 'Ergonomic', 'Waterproof', 'Slim'] as adjectives,
       array['Cotton T-Shirt', 'Hoodie', 'Backpack', 'Water Bottle', 'Desk Lamp', 'Headphones', 'Coffee Mug',
             'Notebook', 'Sneakers', 'Rain Jacket', 'Yoga Mat', 'Keyboard', 'Travel Pillow', 'Cutting Board',
             'Phone Case', 'Wall Clock', 'Sunglasses', 'Tea Kettle', 'Board Game', 'Camping Chair'] as nouns,
       array['Black', 'White', 'Navy', 'Olive', 'Sand', 'Red', 'Grey', 'Teal'] as colours;

insert into product (sku, name, description, price_minor, currency, active)
select 'BENCH-' || lpad(i::text, 7, '0'),
       w.adjectives[1 + i % 15] || ' ' || w.nouns[1 + (i / 15) % 20] || ', ' || w.colours[1 + (i / 300) % 8]
           || ' #' || i,
       'Synthetic benchmark product ' || i,
       199 + (hashint4(i) & 65535),      -- 1.99 to 657.34, spread evenly
       'EUR',
       i % 50 <> 0                       -- 2 % inactive
from generate_series(1, :count) as i, bench_words w
on conflict (sku) do nothing;

insert into stock (sku, on_hand, reserved)
select 'BENCH-' || lpad(i::text, 7, '0'), (hashint4(i + 7) & 255), 0
from generate_series(1, :count) as i
on conflict (sku) do nothing;
commit;
vacuum analyze product;
vacuum analyze stock;
select count(*) as products from product;
