package dev.cubeshop.payment.provider;

/** Why a provider declined; {@link #code()} is what the API shows as {@code reason}. */
public enum DeclineReason {
    CARD_DECLINED("card-declined"), INSUFFICIENT_FUNDS("insufficient-funds");

    private final String code;

    DeclineReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
