package dev.cubeshop.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.cubeshop.inventory.config.InventoryConfig;

/**
 * The demo catalog of the local stack: loaded at start-up when {@code inventory.demo-catalog.enabled} is true. Only
 * missing products are inserted, so restarts and several replicas starting at once are harmless, and stock that
 * demo shopping has changed stays as it is.
 */
@ApplicationScoped
public class DemoCatalog {
    private static final Logger LOG = Logger.getLogger(DemoCatalog.class);

    // sku, name, description, price in cents, units on hand
    private static final String PRODUCTS = """
            ('DEMO-TSHIRT-ORG-M', 'Organic Cotton T-Shirt, M', 'Heavyweight organic cotton crew neck, navy.', 2499, 120),
            ('DEMO-HOODIE-GRY-L', 'Zip Hoodie, Heather Grey, L', 'Brushed fleece inside, YKK zip.', 5999, 60),
            ('DEMO-JEANS-SLIM-32', 'Slim Fit Jeans 32/32', 'Stretch denim, dark indigo wash.', 7990, 45),
            ('DEMO-SNEAKER-WHT-42', 'Leather Sneakers, White, 42', 'Full-grain leather upper, rubber cup sole.', 11900, 30),
            ('DEMO-SOCKS-MERINO-3', 'Merino Hiking Socks (3 pairs)', 'Cushioned merino wool blend.', 2950, 200),
            ('DEMO-RAINJACKET-M', 'Packable Rain Jacket, M', '2.5-layer waterproof shell, 10k/10k.', 12900, 25),
            ('DEMO-BACKPACK-24L', 'Daypack 24 L', 'Recycled polyester, padded laptop sleeve.', 8900, 40),
            ('DEMO-BOTTLE-750', 'Insulated Steel Bottle 750 ml', 'Keeps drinks cold for 24 hours.', 2490, 150),
            ('DEMO-MUG-CERAMIC', 'Stoneware Mug 350 ml', 'Hand-glazed, dishwasher safe.', 1400, 80),
            ('DEMO-COFFEE-1KG', 'Espresso Beans 1 kg', 'Medium-dark roast, Brazil and Ethiopia blend.', 2290, 100),
            ('DEMO-FRENCHPRESS-1L', 'French Press 1 L', 'Borosilicate glass, stainless steel frame.', 3490, 35),
            ('DEMO-KETTLE-GOOSE', 'Gooseneck Kettle 0.9 L', 'Temperature control from 40 to 100 degrees.', 6900, 20),
            ('DEMO-HEADPHONES-BT', 'Wireless Noise-Cancelling Headphones', '30 h battery, USB-C fast charging.', 24900, 15),
            ('DEMO-EARBUDS-BT', 'True Wireless Earbuds', 'IPX4 splash resistant, charging case.', 7900, 50),
            ('DEMO-CHARGER-65W', 'USB-C Charger 65 W', 'GaN charger with two USB-C ports.', 3999, 90),
            ('DEMO-CABLE-USBC-2M', 'USB-C Cable 2 m', 'Braided, 100 W power delivery.', 1299, 300),
            ('DEMO-KEYBOARD-MECH', 'Mechanical Keyboard, Tactile', 'Hot-swap switches, PBT keycaps, ISO layout.', 10900, 18),
            ('DEMO-MOUSE-ERGO', 'Ergonomic Wireless Mouse', 'Vertical grip, silent clicks.', 4990, 40),
            ('DEMO-LAMP-DESK-LED', 'LED Desk Lamp', 'Dimmable, adjustable colour temperature.', 3990, 55),
            ('DEMO-NOTEBOOK-A5', 'Dotted Notebook A5', '160 pages of 100 g/m2 paper, lay-flat binding.', 1690, 250),
            ('DEMO-PEN-FOUNTAIN', 'Fountain Pen, Medium Nib', 'Steel nib, converter included.', 3200, 60),
            ('DEMO-YOGAMAT-6MM', 'Yoga Mat 6 mm', 'Non-slip natural rubber, carry strap.', 4500, 30),
            ('DEMO-DUMBBELL-10KG', 'Adjustable Dumbbell up to 10 kg', 'Quick-lock plates, chrome handle.', 6490, 12),
            ('DEMO-BOARDGAME-CLASSIC', 'Strategy Board Game for 2-4 Players', 'About 60 minutes per game, ages 10 and up.', 3999, 25),
            ('DEMO-PUZZLE-1000', 'Jigsaw Puzzle, 1000 Pieces', 'Alpine lake panorama, 68 x 48 cm.', 1899, 0)
            """;

    private final EntityManager entityManager;
    private final InventoryConfig config;

    DemoCatalog(EntityManager entityManager, InventoryConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    @Transactional
    void load(@Observes StartupEvent started) {
        if (!config.demoCatalog().enabled()) {
            return;
        }
        int added = entityManager.createNativeQuery("""
                with demo (sku, name, description, price_minor, on_hand) as (values %s),
                added as (
                    insert into product (sku, name, description, price_minor, currency)
                    select sku, name, description, price_minor, :currency from demo
                    on conflict (sku) do nothing
                    returning sku
                )
                insert into stock (sku, on_hand, reserved)
                select demo.sku, demo.on_hand, 0 from demo join added on added.sku = demo.sku
                """.formatted(PRODUCTS))
                .setParameter("currency", config.currency())
                .executeUpdate();
        LOG.infof("Demo catalog: %d product(s) added", added);
    }
}
