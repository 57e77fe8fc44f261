"""Live ingestion: chatter messages from a Kafka topic (or an in-process replay) into the graph.

One job per module (docs/stream.md tells the whole story):

- ``writer``: a batch of raw messages -> decoded, broadcasters resolved, users and edges written with the
  loader's batched statements; poison comes back as dead letters. ``id_cache`` keeps node ids between
  batches, checked before each use.
- ``consumer``: the loop: fetch, write, keep dead letters, commit; outages waited out, said once.
- ``sources``: the ``Source`` seam and ``InProcessReplay``; ``kafka``: ``KafkaSource``, a consumer-group
  member committing by hand; ``rows``: files of ``user_id,login`` rows as messages.
- ``status``: the counts, rate, lag and last error of a running consumer (``/stream/status``).
- ``producer``: a file replayed to the topic, or live events published, deliveries confirmed.
- ``local_broker``: a Kafka-compatible broker on loopback for the tests and the benchmark.
"""
