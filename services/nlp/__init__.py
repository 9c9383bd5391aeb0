"""Kafka-free NLP stages: clean -> language -> entities -> canonical. Batch in, batch out."""
