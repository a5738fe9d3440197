package dev.cubeshop.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The cart's own rules, without Quarkus. */
class CartTest {
    private static final Money MUG = new Money(1250, "EUR");
    private static final Money TEE = new Money(1999, "EUR");
    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void settingALineAgainReplacesQuantityNameAndPrice() {
        Cart cart = Cart.empty("alice");
        cart.set("mug-1", "Mug", MUG, 2, now);
        cart.set("mug-1", "Big mug", new Money(1500, "EUR"), 3, now.plusSeconds(1));

        assertThat(cart.lines()).singleElement().satisfies(line -> {
            assertThat(line.name).isEqualTo("Big mug");
            assertThat(line.quantity).isEqualTo(3);
            assertThat(line.lineTotal()).isEqualTo(new Money(4500, "EUR"));
        });
        assertThat(cart.updatedAt).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void theTotalIsTheSumOfLineTotalsInMinorUnits() {
        Cart cart = Cart.empty("alice");
        assertThat(cart.total("EUR")).isEqualTo(new Money(0, "EUR"));
        cart.set("mug-1", "Mug", MUG, 2, now);
        cart.set("tee-1", "T-shirt", TEE, 3, now);
        assertThat(cart.total("EUR")).isEqualTo(new Money(2 * 1250 + 3 * 1999, "EUR"));
    }

    @Test
    void quantitiesOutsideOneToNinetyNineAreNotAccepted() {
        Cart cart = Cart.empty("alice");
        assertThatThrownBy(() -> cart.set("mug-1", "Mug", MUG, 0, now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cart.set("mug-1", "Mug", MUG, 100, now))
                .isInstanceOf(IllegalArgumentException.class);
        cart.set("mug-1", "Mug", MUG, 99, now);
        assertThat(cart.lines()).hasSize(1);
    }

    @Test
    void aHundredDistinctLinesAreTheLimitButExistingLinesCanChange() {
        Cart cart = Cart.empty("alice");
        IntStream.range(0, Cart.MAX_LINES).forEach(i -> cart.set("bulk-" + i, "Sticker", MUG, 1, now));
        assertThatThrownBy(() -> cart.set("bulk-new", "Sticker", MUG, 1, now)).isInstanceOf(CartFullException.class);
        cart.set("bulk-7", "Sticker", MUG, 5, now);
        assertThat(cart.lines()).hasSize(Cart.MAX_LINES);
    }

    @Test
    void allLinesShareOneCurrency() {
        Cart cart = Cart.empty("alice");
        cart.set("mug-1", "Mug", MUG, 1, now);
        assertThatThrownBy(() -> cart.set("usd-1", "Import", new Money(500, "USD"), 1, now))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThat(cart.lines()).hasSize(1);
    }

    @Test
    void purchasedQuantitiesLeaveWhatWasAddedMeanwhileAndDoNotReviveRemovedLines() {
        Cart cart = Cart.empty("alice");
        cart.set("mug-1", "Mug", MUG, 5, now);
        cart.set("cap-1", "Cap", MUG, 1, now);
        cart.set("tee-1", "T-shirt", TEE, 1, now);

        cart.removePurchased(Map.of("mug-1", 2, "cap-1", 1, "tee-1", 3, "gone-1", 1), now.plusSeconds(5));

        assertThat(cart.lines()).extracting(line -> line.sku + "x" + line.quantity).containsExactly("mug-1x3");
        assertThat(cart.updatedAt).isEqualTo(now.plusSeconds(5));
    }

    @Test
    void purchasedLinesThatAreNoLongerInTheCartChangeNothing() {
        Cart cart = Cart.empty("alice");
        cart.set("mug-1", "Mug", MUG, 2, now);
        cart.removePurchased(Map.of("tee-1", 1), now.plusSeconds(5));
        assertThat(cart.lines()).extracting(line -> line.quantity).containsExactly(2);
        assertThat(cart.updatedAt).isEqualTo(now);
    }
}
