"""``samachar`` command line: produce | worker | enrich | demo | consume | topics | schemas | eval-ner."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from services import __version__
from services.config import ConfigError, Settings


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "bootstrap_servers", None):
        overrides["bootstrap_servers"] = args.bootstrap_servers
    return Settings(**overrides)


def cmd_produce(args: argparse.Namespace) -> int:
    """``samachar produce``: exit 0, or 2 when an input was dead-lettered (``--watch`` runs until stopped)."""
    from services.kafka import create_topics
    from services.producer.produce import produce_paths, watch_directory

    settings = _settings(args)
    if args.create_topics:
        asyncio.run(create_topics(settings))
    if args.watch:
        if settings.producer_metrics_port:
            from services.metrics import start_metrics_server

            start_metrics_server(settings.producer_metrics_port)
        asyncio.run(watch_directory(settings, args.paths[0], interval=args.interval))
        return 0
    report = asyncio.run(produce_paths(settings, args.paths))
    print(report.summary())
    return 0 if report.dead_lettered == 0 else 2


def cmd_worker(args: argparse.Namespace) -> int:
    """``samachar worker``: runs the Faust worker until it is stopped."""
    from services.enricher.worker import run_worker

    settings = _settings(args)
    if args.web_port:
        settings.web_port = args.web_port
    run_worker(settings)
    return 0


def cmd_enrich(args: argparse.Namespace) -> int:
    """``samachar enrich``: JSON lines on stdout/stderr, a count line last on stderr; exit 2 if any dead letter."""
    from services.enrich_local import enrich_paths

    enriched, failed = enrich_paths(_settings(args), args.paths, sys.stdout, sys.stderr)
    print(f"{enriched} enriched, {failed} dead-lettered", file=sys.stderr)
    return 0 if failed == 0 else 2


def cmd_demo(args: argparse.Namespace) -> int:
    """``samachar demo``: exit 0 when every article came out, else 1."""
    from services.demo import run_demo

    return run_demo(args.paths or [Path("seeds")], timeout=args.timeout, partitions=args.partitions)


def cmd_consume(args: argparse.Namespace) -> int:
    """``samachar consume TOPIC``: one line per record on stdout, the count on stderr; exit 0."""
    from services.kafka import read_topic

    settings = _settings(args)

    async def run() -> int:
        count = 0
        async for record in read_topic(settings, args.topic, idle_timeout=args.idle_timeout, max_records=args.max):
            value = record.value.decode("utf-8", errors="replace") if record.value else ""
            if args.format == "json":
                try:
                    parsed = json.loads(value)
                except json.JSONDecodeError:
                    parsed = value
                line = {"topic": record.topic, "partition": record.partition, "offset": record.offset,
                        "key": record.key.decode("utf-8", errors="replace") if record.key else None, "value": parsed}
                print(json.dumps(line, ensure_ascii=False), flush=True)
            else:
                print(value, flush=True)
            count += 1
        print(f"{count} records from {args.topic}", file=sys.stderr)
        return 0

    return asyncio.run(run())


def cmd_topics(args: argparse.Namespace) -> int:
    """``samachar topics``: create the missing topics of ``services.outputs``; prints which were created."""
    from services.kafka import create_topics

    settings = _settings(args)
    if args.partitions:
        settings.partitions = args.partitions
    created = asyncio.run(create_topics(settings))
    print(f"created: {', '.join(created) or 'none (all exist)'}")
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    """``samachar schemas``: write ``schemas/``; with ``--check`` exit 1 if a file differs from the models."""
    from services.schemas import check_schemas, write_schemas

    if args.check:
        drift = check_schemas(args.dir)
        for name in drift:
            print(f"schema drift: {name} (run `samachar schemas`)", file=sys.stderr)
        return 1 if drift else 0
    for path in write_schemas(args.dir):
        print(path)
    return 0


def cmd_eval_ner(args: argparse.Namespace) -> int:
    """``samachar eval-ner FILE``: NER precision/recall/F1 on a CoNLL file (see ``services.nlp.ner_eval``)."""
    from services.nlp.ner_eval import main as ner_main

    argv = [str(args.file)]
    if args.predictions:
        argv += ["--predictions", str(args.predictions)]
    return ner_main(argv)


def build_parser() -> argparse.ArgumentParser:
    """The ``samachar`` argument parser; each sub-command sets ``func`` to its ``cmd_*``."""
    parser = argparse.ArgumentParser(prog="samachar", description=__doc__)
    parser.add_argument("--version", action="version", version=f"samachar {__version__}")
    parser.add_argument("--log-level", default="WARNING")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_broker(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--bootstrap-servers", help="overrides SAMACHAR_BOOTSTRAP_SERVERS")
        return p

    p = with_broker(sub.add_parser("produce", help="stream article files onto articles.raw"))
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--watch", action="store_true", help="keep watching the (single) directory for new files")
    p.add_argument("--interval", type=float, default=2.0)
    p.add_argument("--create-topics", action="store_true", help="create missing topics first")
    p.set_defaults(func=cmd_produce)

    p = with_broker(sub.add_parser("worker", help="run the Faust enrichment worker"))
    p.add_argument("--web-port", type=int, help="overrides SAMACHAR_WEB_PORT (each worker needs its own)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("enrich", help="enrich files without a broker; JSON lines on stdout")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.set_defaults(func=cmd_enrich)

    p = sub.add_parser("demo", help="embedded broker + worker + producer on PATH (default seeds/), then a summary")
    p.add_argument("paths", nargs="*", type=Path)
    p.add_argument("--timeout", type=float, default=300.0)
    p.add_argument("--partitions", type=int, default=4)
    p.set_defaults(func=cmd_demo)

    p = with_broker(sub.add_parser("consume", help="print records from a topic"))
    p.add_argument("topic")
    p.add_argument("--max", type=int)
    p.add_argument("--idle-timeout", type=float, default=5.0, help="stop after this many idle seconds")
    p.add_argument("--format", choices=["json", "value"], default="json")
    p.set_defaults(func=cmd_consume)

    p = with_broker(sub.add_parser("topics", help="create the topics (SAMACHAR_PARTITIONS partitions)"))
    p.add_argument("--partitions", type=int)
    p.set_defaults(func=cmd_topics)

    p = sub.add_parser("schemas", help="write JSON Schemas of every topic's record to schemas/")
    p.add_argument("--dir", type=Path, default=Path("schemas"))
    p.add_argument("--check", action="store_true", help="exit 1 if the files differ from the models")
    p.set_defaults(func=cmd_schemas)

    p = sub.add_parser("eval-ner", help="entity-level P/R/F1 of the NER on a CoNLL file")
    p.add_argument("file", type=Path)
    p.add_argument("--predictions", type=Path, help="write token<TAB>gold<TAB>pred lines here")
    p.set_defaults(func=cmd_eval_ner)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), configure logging, run the sub-command; its exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:  # a wrong setting (e.g. SAMACHAR_NLP__HI_MODEL): one line, no traceback
        print(f"samachar: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
