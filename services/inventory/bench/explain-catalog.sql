-- The statements the catalog endpoint runs (as Hibernate generates them), with their plans and timings.
-- A page: (1) the page's skus, (2) those products and their stock, (3) the total.
\pset pager off
\echo '--- (1) first page by name (GET /api/products)'
explain (analyze, costs off)
select p.sku from product p where p.active = true order by lower(p.name), p.sku offset 0 limit 20;
\echo '--- (1) deepest allowed page by price (page=499&size=20&sort=price&direction=desc: offset 9980)'
explain (analyze, costs off)
select p.sku from product p where p.active = true order by p.price_minor desc, p.sku desc offset 9980 limit 20;
\echo '--- (1) deepest allowed page by name (offset 9980)'
explain (analyze, costs off)
select p.sku from product p where p.active = true order by lower(p.name), p.sku offset 9980 limit 20;
\echo '--- (2) the page rows (20 skus)'
explain (analyze, costs off)
select * from product p where p.sku in (select 'BENCH-' || lpad((i * 49999)::text, 7, '0')
                                        from generate_series(1, 20) i);
explain (analyze, costs off)
select * from stock s where s.sku in (select 'BENCH-' || lpad((i * 49999)::text, 7, '0')
                                      from generate_series(1, 20) i);
\echo '--- (3) total of the unfiltered catalog'
explain (analyze, costs off)
select active_products from catalog_size;
\echo '--- (1) search, first page (q=kettle: 5 % of the catalog matches)'
explain (analyze, costs off)
select p.sku from product p where p.active = true and lower(p.name) like '%kettle%' escape '!'
order by lower(p.name), p.sku offset 0 limit 20;
\echo '--- (3) search total (q=kettle)'
explain (analyze, costs off)
select count(*) from product p where p.active = true and lower(p.name) like '%kettle%' escape '!';
\echo '--- (1) rare search (q=#123456)'
explain (analyze, costs off)
select p.sku from product p where p.active = true and lower(p.name) like '%#123456%' escape '!'
order by lower(p.name), p.sku offset 0 limit 20;
\echo '--- (3) rare search total (q=#123456)'
explain (analyze, costs off)
select count(*) from product p where p.active = true and lower(p.name) like '%#123456%' escape '!';
