package dev.cubeshop.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import dev.cubeshop.events.ProductChanged;
import dev.cubeshop.events.StockChanged;
import dev.cubeshop.inventory.api.AdminProductView;
import dev.cubeshop.inventory.api.CreateProductRequest;
import dev.cubeshop.inventory.api.Money;
import dev.cubeshop.inventory.api.ProductPage;
import dev.cubeshop.inventory.api.ProductView;
import dev.cubeshop.inventory.api.UpdateProductRequest;
import dev.cubeshop.inventory.config.InventoryConfig;
import dev.cubeshop.outbox.Outbox;

/** The catalog: public pages and product views, and the administrator's product changes. */
@ApplicationScoped
public class CatalogService {
    /** Public sort orders; each is served by its own partial index over active products (see V1 migration). */
    public enum Sort {
        NAME("lower(p.name)"), PRICE("p.priceMinor"), SKU("p.sku");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final InventoryConfig config;

    CatalogService(EntityManager entityManager, Outbox outbox, InventoryConfig config) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.config = config;
    }

    /** Active products, one page, optionally only those whose name contains {@code search} (any case). */
    @Transactional
    public ProductPage page(String search, Sort sort, boolean descending, int pageNumber, int size) {
        if (size > config.catalog().maxPageSize()) {
            throw new InvalidRequestException("size", "must be at most " + config.catalog().maxPageSize());
        }
        if ((long) pageNumber * size + size > config.catalog().maxDepth()) {
            throw new InvalidRequestException("page", "pages reach at most " + config.catalog().maxDepth()
                    + " products deep; narrow the search instead");
        }
        String filter = "p.active = true";
        String pattern = null;
        if (search != null && !search.isBlank()) {
            filter += " and lower(p.name) like :pattern escape '!'";
            pattern = "%" + search.strip().toLowerCase(Locale.ROOT).replaceAll("[!%_]", "!$0") + "%";
        }
        String direction = descending ? " desc" : " asc";
        // Two steps: the page's skus from an index-only scan (cheap even at the deepest allowed offset), then only
        // those products and their stock.
        TypedQuery<String> page = entityManager.createQuery("select p.sku from Product p where " + filter
                + " order by " + sort.column + direction + ", p.sku" + direction, String.class);
        if (pattern != null) {
            page.setParameter("pattern", pattern);
        }
        List<String> skus = page.setFirstResult(pageNumber * size).setMaxResults(size).getResultList();
        Map<String, Product> products = Product.<Product>list("sku in ?1", skus).stream()
                .collect(Collectors.toMap(product -> product.sku, Function.identity()));
        Map<String, Stock> stocks = Stock.<Stock>list("sku in ?1", skus).stream()
                .collect(Collectors.toMap(stock -> stock.sku, Function.identity()));
        List<ProductView> items = skus.stream()
                .map(sku -> view(products.get(sku), stocks.getOrDefault(sku, Stock.empty(sku))))
                .toList();
        return new ProductPage(items, pageNumber, size, total(filter, pattern));
    }

    /** The unfiltered total is kept by triggers (see V1); a search counts its matches through the trigram index. */
    private long total(String filter, String pattern) {
        if (pattern == null) {
            return ((Number) entityManager.createNativeQuery("select active_products from catalog_size")
                    .getSingleResult()).longValue();
        }
        return entityManager.createQuery("select count(*) from Product p where " + filter, Long.class)
                .setParameter("pattern", pattern).getSingleResult();
    }

    /** Any product by sku, also an inactive one (a cart may still show it). */
    @Transactional
    public ProductView product(String sku) {
        Product product = find(sku);
        return view(product, stockOf(sku));
    }

    @Transactional
    public AdminProductView adminView(String sku) {
        return adminView(find(sku), stockOf(sku));
    }

    @Transactional
    public AdminProductView create(CreateProductRequest request) {
        requireCatalogCurrency(request.price());
        Instant now = Instant.now();
        Product product = Product.create(request.sku(), request.name().strip(), request.description(),
                request.price().amountMinor(), request.price().currency(),
                request.active() == null || request.active(), now);
        // A concurrent create of the same sku waits on the primary key and then finds it taken.
        int inserted = entityManager.createNativeQuery("""
                insert into product (sku, name, description, price_minor, currency, active, created_at, updated_at)
                values (:sku, :name, :description, :price, :currency, :active, :now, :now)
                on conflict (sku) do nothing
                """)
                .setParameter("sku", product.sku)
                .setParameter("name", product.name)
                .setParameter("description", product.description)
                .setParameter("price", product.priceMinor)
                .setParameter("currency", product.currency)
                .setParameter("active", product.active)
                .setParameter("now", now)
                .executeUpdate();
        if (inserted == 0) {
            throw new ProductExistsException(request.sku());
        }
        Stock stock = Stock.empty(product.sku);
        stock.onHand = request.onHand() == null ? 0 : request.onHand();
        stock.persist();
        outbox.append(StockChanged.TOPIC, stock.sku, StockChanged.of(stock.sku, stock.onHand, stock.reserved));
        return adminView(product, stock);
    }

    @Transactional
    public AdminProductView update(String sku, UpdateProductRequest request) {
        Product.requireWellFormedSku(sku);
        requireCatalogCurrency(request.price());
        Product product = Product.findById(sku, LockModeType.PESSIMISTIC_WRITE);
        if (product == null) {
            throw new ProductNotFoundException(sku);
        }
        product.describe(request.name().strip(), request.description(), request.price().amountMinor(),
                request.price().currency(), request.active(), Instant.now());
        // In the same transaction: the gateway drops its cached views of the product when the change is committed.
        outbox.append(ProductChanged.TOPIC, product.sku, ProductChanged.of(product.sku, product.name,
                new dev.cubeshop.events.Money(product.priceMinor, product.currency), product.active));
        return adminView(product, stockOf(sku));
    }

    private void requireCatalogCurrency(Money price) {
        if (!config.currency().equals(price.currency())) {
            throw new InvalidRequestException("price.currency", "must be " + config.currency()
                    + ", the catalog's currency");
        }
    }

    private static Product find(String sku) {
        Product.requireWellFormedSku(sku);
        Product product = Product.findById(sku);
        if (product == null) {
            throw new ProductNotFoundException(sku);
        }
        return product;
    }

    private static Stock stockOf(String sku) {
        Stock stock = Stock.findById(sku);
        return stock == null ? Stock.empty(sku) : stock;
    }

    private static ProductView view(Product product, Stock stock) {
        return new ProductView(product.sku, product.name, product.description,
                new Money(product.priceMinor, product.currency), stock.available(), product.active);
    }

    private static AdminProductView adminView(Product product, Stock stock) {
        return new AdminProductView(product.sku, product.name, product.description,
                new Money(product.priceMinor, product.currency), product.active, stock.onHand, stock.reserved,
                stock.available());
    }
}
