package dev.cubeshop.platform.warmup;

import jakarta.ws.rs.WebApplicationException;

/**
 * Work a replica does once, before it takes traffic, so that its first requests do not pay for it: resolving a
 * dependency's replicas, opening connections to them, loading the classes on that path. A cold first call can take
 * longer than the call's budget on a loaded machine, and would turn into an error for the customer whose request
 * happened to be the first after a restart.
 *
 * <p>
 * A warm-up must be harmless (reads only) and must not keep the replica out of service: a dependency that is down is
 * a warning, not a reason to stay unready. {@link WarmingUp} runs every bean of this type and bounds the wait.
 */
public interface WarmUp {
    /** What is warmed, for the log ("inventory client"). */
    String name();

    /** Warms up; throws when it could not (the replica takes traffic anyway). */
    void run() throws Exception;

    /**
     * Reads {@code replicas} times (at most 8) through a round-robin client, so that every replica is visited once. An
     * answer of any status counts (a {@link WebApplicationException} is an answer): the point is the connection, not
     * the data.
     *
     * @return how many reads were answered
     * @throws RuntimeException the last failure when no read was answered
     */
    static int readFromEachReplica(int replicas, Runnable read) {
        RuntimeException failure = null;
        int answered = 0;
        for (int i = 0; i < Math.clamp(replicas, 1, 8); i++) {
            try {
                read.run();
                answered++;
            } catch (WebApplicationException e) {
                answered++;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (answered == 0) {
            throw failure;
        }
        return answered;
    }
}
