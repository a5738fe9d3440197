package dev.cubeshop.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ReservationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(15);

    private static Reservation held() {
        return Reservation.hold(UUID.randomUUID(), List.of(line("B", 2, 500), line("A", 1, 1999)), NOW, TTL);
    }

    private static ReservationLine line(String sku, int quantity, long price) {
        Product product = Product.create(sku, "Product " + sku, "", price, "EUR", true, NOW);
        return ReservationLine.of(product, quantity);
    }

    @Test
    void aHeldReservationCommitsOnceAndThenReportsItWasAlreadyCommitted() {
        Reservation reservation = held();
        assertThat(reservation.commit(NOW.plusSeconds(1))).isEqualTo(Reservation.CommitOutcome.COMMITTED_NOW);
        assertThat(reservation.commit(NOW.plusSeconds(2))).isEqualTo(Reservation.CommitOutcome.ALREADY_COMMITTED);
        assertThat(reservation.status).isEqualTo(Reservation.Status.COMMITTED);
    }

    @Test
    void committingAtOrAfterTheExpiryExpiresTheReservationInstead() {
        Reservation reservation = held();
        assertThat(reservation.commit(NOW.plus(TTL))).isEqualTo(Reservation.CommitOutcome.EXPIRED_NOW);
        assertThat(reservation.status).isEqualTo(Reservation.Status.EXPIRED);
        assertThatThrownBy(() -> reservation.commit(NOW.plus(TTL)))
                .isInstanceOf(ReservationNotCommittableException.class);
    }

    @Test
    void aReleasedReservationCannotBeCommittedAndReleasingAgainChangesNothing() {
        Reservation reservation = held();
        assertThat(reservation.release(NOW)).isTrue();
        assertThat(reservation.release(NOW)).isFalse();
        assertThatThrownBy(() -> reservation.commit(NOW)).isInstanceOf(ReservationNotCommittableException.class);
        assertThat(reservation.status).isEqualTo(Reservation.Status.RELEASED);
    }

    @Test
    void aCommittedReservationCannotBeReleasedNorExpired() {
        Reservation reservation = held();
        reservation.commit(NOW);
        assertThatThrownBy(() -> reservation.release(NOW)).isInstanceOf(ReservationCommittedException.class);
        assertThat(reservation.expire(NOW.plus(TTL).plusSeconds(1))).isFalse();
        assertThat(reservation.status).isEqualTo(Reservation.Status.COMMITTED);
    }

    @Test
    void onlyAHeldReservationPastItsExpiryExpires() {
        Reservation reservation = held();
        assertThat(reservation.expire(NOW.plus(TTL).minusSeconds(1))).isFalse();
        assertThat(reservation.expire(NOW.plus(TTL))).isTrue();
        assertThat(reservation.expire(NOW.plus(TTL))).isFalse();
        assertThat(reservation.status).isEqualTo(Reservation.Status.EXPIRED);
    }

    @Test
    void linesCompareAsASetOfSkuAndQuantity() {
        Reservation reservation = held();
        assertThat(reservation.hasLines(Map.of("A", 1, "B", 2))).isTrue();
        assertThat(reservation.hasLines(Map.of("A", 1, "B", 3))).isFalse();
        assertThat(reservation.hasLines(Map.of("A", 1))).isFalse();
    }

    @Test
    void theTotalIsTheSumOfUnitPriceTimesQuantityAndLinesLockInSkuOrder() {
        Reservation reservation = held();
        assertThat(reservation.totalMinor()).isEqualTo(2 * 500 + 1999);
        assertThat(reservation.linesInLockOrder()).extracting(line -> line.sku).containsExactly("A", "B");
    }
}
