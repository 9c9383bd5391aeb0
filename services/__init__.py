"""samachar: streaming news enrichment (clean -> language -> entities -> canonical) on Kafka."""

__version__ = "0.1.0"
