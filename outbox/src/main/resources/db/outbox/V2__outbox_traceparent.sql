-- The W3C trace context (traceparent) of the transaction that wrote the event: the relay sends it as a Kafka header,
-- so that the consumers' spans continue the producer's trace across the outbox and the broker. Null when untraced.
alter table outbox add column if not exists traceparent text;
