package dev.cubeshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;

class PoisonOnlyDeadLetterQueueTest {
    private final Recording deadLetterQueue = new Recording();
    private final Recording failStop = new Recording();
    private final Counter deadLettered = OutboxMetrics.deadLettered(new SimpleMeterRegistry(), "order-failed");
    private final KafkaFailureHandler handler = new PoisonOnlyDeadLetterQueue.Handler("order-failed",
            deadLetterQueue, failStop, deadLettered);

    @Test
    void onlyPoisonThatReachedTheDeadLetterTopicIsCountedAsDeadLettered() {
        handler.handle(null, new PoisonMessageException("unreadable"), Metadata.empty()).await().indefinitely();
        handler.handle(null, new ConsumerStoppedException("test"), Metadata.empty()).await().indefinitely();
        handler.handle(null, new IllegalStateException("the database is gone"), Metadata.empty()).await()
                .indefinitely();
        assertThat(deadLettered.count()).isEqualTo(1.0);

        deadLetterQueue.failing = true;
        assertThatThrownBy(() -> handler.handle(null, new PoisonMessageException("unreadable"), Metadata.empty())
                .await().indefinitely()).hasMessageContaining("broker gone");
        assertThat(deadLettered.count()).isEqualTo(1.0);
    }

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
        boolean failing;

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            handled.add(reason);
            return failing
                    ? Uni.createFrom().failure(new IllegalStateException("broker gone"))
                    : Uni.createFrom().voidItem();
        }

        @Override
        public void terminate() {
            terminated = true;
        }
    }
}
