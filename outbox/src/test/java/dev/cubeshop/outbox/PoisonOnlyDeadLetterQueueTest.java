package dev.cubeshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;

class PoisonOnlyDeadLetterQueueTest {
    private final Recording deadLetterQueue = new Recording();
    private final Recording failStop = new Recording();
    private final KafkaFailureHandler handler = new PoisonOnlyDeadLetterQueue.Handler("order-failed",
            deadLetterQueue, failStop);

    @Test
    void poisonGoesToTheDeadLetterQueueEvenWhenWrapped() {
        handler.handle(null, new IllegalStateException(new PoisonMessageException("unreadable")), Metadata.empty());

        assertThat(deadLetterQueue.handled).hasSize(1);
        assertThat(failStop.handled).isEmpty();
    }

    @Test
    void aMessageLeftByAStoppingConsumerIsNeitherDeadLetteredNorFailed() {
        Uni<Void> outcome = handler.handle(null, new ConsumerStoppedException("test"), Metadata.empty());

        assertThat(outcome.await().indefinitely()).isNull();
        assertThat(deadLetterQueue.handled).isEmpty();
        assertThat(failStop.handled).isEmpty();
    }

    @Test
    void anyOtherFailureStopsTheChannelInsteadOfDeadLetteringAValidEvent() {
        handler.handle(null, new IllegalStateException("the database is gone"), Metadata.empty());

        assertThat(deadLetterQueue.handled).isEmpty();
        assertThat(failStop.handled).hasSize(1);
    }

    @Test
    void terminatingTerminatesBoth() {
        handler.terminate();

        assertThat(deadLetterQueue.terminated).isTrue();
        assertThat(failStop.terminated).isTrue();
    }

    private static final class Recording implements KafkaFailureHandler {
        final List<Throwable> handled = new ArrayList<>();
        boolean terminated;

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            handled.add(reason);
            return Uni.createFrom().voidItem();
        }

        @Override
        public void terminate() {
            terminated = true;
        }
    }
}
