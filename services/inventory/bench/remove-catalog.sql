-- Removes the synthetic benchmark catalog (skus BENCH-…) that generate-catalog.sql created, where no reservation
-- refers to it.
\set ON_ERROR_STOP on
begin;
delete from stock s where s.sku like 'BENCH-%'
    and not exists (select 1 from reservation_line l where l.sku = s.sku);
delete from product p where p.sku like 'BENCH-%' and not exists (select 1 from stock s where s.sku = p.sku);
commit;
vacuum analyze product;
vacuum analyze stock;
