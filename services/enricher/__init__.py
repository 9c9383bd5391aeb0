"""The Faust worker: reads articles.raw, runs the NLP pipeline, writes enriched/entities/dlq."""
