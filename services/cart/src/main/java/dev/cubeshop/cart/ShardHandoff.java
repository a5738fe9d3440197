package dev.cubeshop.cart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.cubeshop.cart.api.CartTransfer;

/**
 * The move step of adding a shard: this shard hands every cart it holds but no longer owns (the shard map grew) to
 * the cart's owner, one customer at a time. For each cart: lock its row here, send it to the owner (which merges it,
 * idempotently), and only when the owner has answered 200 delete it here, in the same transaction as the lock. A crash
 * or a failed call in between leaves the cart here (and perhaps also at the owner, where a repeated hand-off merges
 * the same lines again), never nowhere; running the hand-off again finishes the move.
 */
@ApplicationScoped
public class ShardHandoff {
    private static final Logger LOG = Logger.getLogger(ShardHandoff.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Shard shard;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ShardHandoff(Shard shard, ObjectMapper json) {
        this.shard = shard;
        this.json = json;
    }

    public record Result(int shard, int shards, int moved, int remaining, List<String> failures) {}

    /** Thrown before anything moves when {@code owners} lacks the address of a shard that must receive carts. */
    public static class OwnersMissingException extends RuntimeException {
        private final List<Integer> missing;

        OwnersMissingException(List<Integer> missing) {
            super("Carts here belong to shards " + missing + ", whose addresses the request does not name");
            this.missing = missing;
        }

        public List<Integer> missing() {
            return missing;
        }
    }

    /** Customers whose carts are stored here but belong to another shard. */
    public List<String> foreignCustomers() {
        List<String> stored = QuarkusTransaction.requiringNew().call(() -> Cart.getEntityManager()
                .createQuery("select c.customerId from Cart c order by c.customerId", String.class).getResultList());
        return stored.stream().filter(customer -> !shard.owns(customer)).toList();
    }

    /** Moves every foreign cart to its owner, whose base URL {@code owners} names by shard index. */
    public Result handOff(Map<Integer, URI> owners) {
        List<String> foreign = foreignCustomers();
        TreeSet<Integer> missing = new TreeSet<>();
        for (String customer : foreign) {
            int owner = shard.ownerOf(customer);
            if (!owners.containsKey(owner)) {
                missing.add(owner);
            }
        }
        if (!missing.isEmpty()) {
            throw new OwnersMissingException(List.copyOf(missing));
        }
        int moved = 0;
        List<String> failures = new ArrayList<>();
        for (String customer : foreign) {
            try {
                if (move(customer, owners.get(shard.ownerOf(customer)))) {
                    moved++;
                }
            } catch (RuntimeException e) {
                failures.add(customer + ": " + e.getMessage());
                LOG.warnf("Hand-off of the cart of %s failed; it stays on shard %d: %s", customer, shard.index(),
                        e.getMessage());
            }
        }
        int remaining = foreignCustomers().size();
        LOG.infof("Shard %d of %d handed off %d carts; %d foreign carts remain", shard.index(), shard.count(), moved,
                remaining);
        return new Result(shard.index(), shard.count(), moved, remaining, failures);
    }

    private boolean move(String customer, URI owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Cart cart = Cart.lock(customer).orElse(null);
            if (cart == null) {
                return false;
            }
            send(owner, CartTransfer.of(cart));
            cart.delete();
            return true;
        });
    }

    private void send(URI owner, CartTransfer transfer) {
        HttpResponse<String> answer;
        try {
            HttpRequest request = HttpRequest.newBuilder(owner.resolve("/internal/shards/carts"))
                    .timeout(CALL_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(transfer)))
                    .build();
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the cart could not be written as JSON", e);
        } catch (IOException e) {
            throw new IllegalStateException("shard at " + owner + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing off", e);
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("shard at " + owner + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
    }
}
