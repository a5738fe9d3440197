package dev.cubeshop.checkout;

import dev.cubeshop.checkout.api.OrderView;

/** The checkout ended without completing; the answer is the stored failure, the same for every repeat of the key. */
public class OrderNotCompletedException extends RuntimeException {
    private final OrderView order;
    private final Failure failure;

    public OrderNotCompletedException(OrderView order, Failure failure) {
        super(failure.detail());
        this.order = order;
        this.failure = failure;
    }

    public OrderView order() {
        return order;
    }

    public Failure failure() {
        return failure;
    }
}
