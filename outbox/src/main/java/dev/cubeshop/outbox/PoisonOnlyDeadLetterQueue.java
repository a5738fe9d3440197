package dev.cubeshop.outbox;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;

/**
 * The failure strategy of every Kafka consumer here: {@code failure-strategy=dead-letter-poison-only}, with the
 * usual {@code dead-letter-queue.topic}. What a nacked message becomes depends on why it was nacked:
 * <ul>
 * <li>a {@link PoisonMessageException}: SmallRye's dead-letter-queue strategy writes it to the dead-letter topic, then
 * acknowledges it, and the channel goes on;</li>
 * <li>a {@link ConsumerStoppedException} (the application stops while {@link ConsumerRetry} waits): nothing at all.
 * Not acknowledged, the message holds back the partition's committed offset (the throttled commit strategy commits
 * only offsets below the first unacknowledged message), so the replica that takes the partition over receives it
 * again;</li>
 * <li>anything else, which only a consumer that does not go through {@link ConsumerRetry} can produce: SmallRye's fail
 * strategy. Not acknowledged, not dead-lettered; the channel stops and reports itself not alive, so that the replica
 * is restarted and the message is redelivered, instead of being skipped.</li>
 * </ul>
 * So only poison ever reaches the dead-letter topic; an event that was valid is applied, sooner or later, by some
 * replica.
 */
@ApplicationScoped
@Identifier(PoisonOnlyDeadLetterQueue.STRATEGY)
public class PoisonOnlyDeadLetterQueue implements KafkaFailureHandler.Factory {
    public static final String STRATEGY = "dead-letter-poison-only";
    private static final Logger LOG = Logger.getLogger(PoisonOnlyDeadLetterQueue.class);

    private final KafkaFailureHandler.Factory deadLetterQueue;
    private final KafkaFailureHandler.Factory failStop;
    private final MeterRegistry registry;

    PoisonOnlyDeadLetterQueue(
            @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE) KafkaFailureHandler.Factory deadLetterQueue,
            @Identifier(KafkaFailureHandler.Strategy.FAIL) KafkaFailureHandler.Factory failStop,
            MeterRegistry registry) {
        this.deadLetterQueue = deadLetterQueue;
        this.failStop = failStop;
        this.registry = registry;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        return new Handler(config.getChannel(), deadLetterQueue.create(config, vertx, consumer, reportFailure),
                failStop.create(config, vertx, consumer, reportFailure),
                OutboxMetrics.deadLettered(registry, config.getChannel()));
    }

    static final class Handler implements KafkaFailureHandler {
        private final String channel;
        private final KafkaFailureHandler deadLetterQueue;
        private final KafkaFailureHandler failStop;
        private final Counter deadLettered;

        Handler(String channel, KafkaFailureHandler deadLetterQueue, KafkaFailureHandler failStop,
                Counter deadLettered) {
            this.channel = channel;
            this.deadLetterQueue = deadLetterQueue;
            this.failStop = failStop;
            this.deadLettered = deadLettered;
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            if (PoisonMessageException.isPoison(reason)) {
                // Counted once the dead-letter topic has it (cubeshop_consumer_dead_lettered_total{channel}).
                return deadLetterQueue.handle(record, reason, metadata).invoke(() -> deadLettered.increment());
            }
            if (PoisonMessageException.causedBy(reason, ConsumerStoppedException.class)) {
                LOG.debugf("%s: a message left unacknowledged at shutdown, for redelivery", channel);
                return Uni.createFrom().voidItem();
            }
            LOG.errorf(reason, "%s: a message failed without being poison nor retried; the channel stops so that it "
                    + "is redelivered (apply effects through ConsumerRetry)", channel);
            return failStop.handle(record, reason, metadata);
        }

        @Override
        public void terminate() {
            deadLetterQueue.terminate();
            failStop.terminate();
        }
    }
}
