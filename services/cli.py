"""samachar command line: produce | worker | broker | enrich | demo | consume | topics | schemas | eval-ner."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from services import __version__
from services.config import ConfigError, Settings

DEFAULT_BOOTSTRAP = Settings.model_fields["bootstrap_servers"].default
BROKER_PORT = 9092  # `samachar broker`'s default port: what the default SAMACHAR_BOOTSTRAP_SERVERS points at
PROBE_SECONDS = 10.0  # how long a command waits for the broker to answer before giving up

DESCRIPTION = "Streaming news enrichment: clean, identify language, extract canonical entities."
EPILOG = f"""\
a Kafka broker:
  produce, consume, topics and worker talk to the Kafka broker at SAMACHAR_BOOTSTRAP_SERVERS
  (default {DEFAULT_BOOTSTRAP}; --bootstrap-servers overrides it). For local work, start one in another
  terminal with "samachar broker" (an embedded Kafka-protocol broker on 127.0.0.1:{BROKER_PORT}, what the
  default points at). "samachar demo" and "samachar enrich" need no broker.

exit codes: 0 done; 1 failed (no broker reachable, demo articles missing); 2 something was dead-lettered
(produce, enrich, demo), a wrong setting, or a wrong argument; 130 interrupted (Ctrl-C).
"""
BROKER_EPILOG = (f"Needs a Kafka broker at SAMACHAR_BOOTSTRAP_SERVERS (default {DEFAULT_BOOTSTRAP}) or "
                 f'--bootstrap-servers; "samachar broker" runs one locally on 127.0.0.1:{BROKER_PORT}.')


class BrokerUnreachable(Exception):
    """No Kafka broker answered at ``bootstrap_servers``; ``str()`` is the one line a person sees (what was tried,
    which setting to change, how to get a broker)."""

    def __init__(self, bootstrap_servers: str, cause: BaseException | None = None) -> None:
        self.bootstrap_servers = bootstrap_servers
        why = "" if cause is None else f" ({type(cause).__name__})"
        super().__init__(
            f"no Kafka broker reachable at {bootstrap_servers}{why}; set SAMACHAR_BOOTSTRAP_SERVERS or "
            f'--bootstrap-servers to a running broker, or start a local one with "samachar broker"'
        )


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "bootstrap_servers", None):
        overrides["bootstrap_servers"] = args.bootstrap_servers
    return Settings(**overrides)


async def _probe(settings: Settings) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, request_timeout_ms=5000,
                                **settings.aiokafka_security_kwargs())
    try:
        await admin.start()
    finally:
        await admin.close()  # also after a failed start: no "Unclosed" warning at exit


def require_broker(settings: Settings, timeout: float = PROBE_SECONDS) -> None:
    """Return when the broker at ``settings.bootstrap_servers`` answers a bootstrap (metadata) request.

    Tries once, for at most ``timeout`` seconds, without aiokafka's per-connection error logs. Raises
    ``BrokerUnreachable`` otherwise (connection refused, unknown host, timeout, or a Kafka error such as failed
    authentication).
    """
    from aiokafka.errors import KafkaError

    from services.kafka import quiet_connect_errors

    try:
        with quiet_connect_errors():
            asyncio.run(asyncio.wait_for(_probe(settings), timeout))
    except (KafkaError, OSError, asyncio.TimeoutError) as exc:
        raise BrokerUnreachable(settings.bootstrap_servers, exc) from exc


def cmd_produce(args: argparse.Namespace) -> int:
    """``samachar produce``: exit 0, or 2 when an input was dead-lettered (``--watch`` runs until stopped)."""
    from services.kafka import create_topics
    from services.producer.produce import produce_paths, watch_directory

    settings = _settings(args)
    if not args.watch or args.create_topics:  # --watch alone waits for a broker that is down (a service)
        require_broker(settings)
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
    """``samachar worker``: waits up to ``--broker-wait`` seconds for the broker (exit 1 if none), then runs the
    Faust worker until it is stopped."""
    from services.enricher.worker import run_worker
    from services.kafka import wait_for_broker

    settings = _settings(args)
    if args.web_port:
        settings.web_port = args.web_port
    try:
        require_broker(settings, timeout=min(PROBE_SECONDS, args.broker_wait))
    except BrokerUnreachable:
        print(f"samachar worker: no Kafka broker at {settings.bootstrap_servers} yet; waiting up to "
              f"{args.broker_wait:g} s", file=sys.stderr, flush=True)
        try:
            asyncio.run(wait_for_broker(settings, timeout=args.broker_wait))
        except TimeoutError as exc:
            raise BrokerUnreachable(settings.bootstrap_servers) from exc
    run_worker(settings, broker_wait_seconds=args.broker_wait)
    return 0


def cmd_broker(args: argparse.Namespace) -> int:
    """``samachar broker``: the embedded broker in the foreground until Ctrl-C/SIGTERM (exit 0), 1 if it fails."""
    from services.broker import run_foreground

    return run_foreground(_settings(args), port=args.port, data_dir=args.data_dir, create=not args.no_topics)


def cmd_enrich(args: argparse.Namespace) -> int:
    """``samachar enrich``: JSON lines on stdout/stderr, a count line last on stderr; exit 2 if any dead letter."""
    from services.enrich_local import enrich_paths

    enriched, failed = enrich_paths(_settings(args), args.paths, sys.stdout, sys.stderr)
    print(f"{enriched} enriched, {failed} dead-lettered", file=sys.stderr)
    return 0 if failed == 0 else 2


def cmd_demo(args: argparse.Namespace) -> int:
    """``samachar demo``: exit 0 when every article was enriched, 2 when something was dead-lettered (as
    ``produce``), 1 when an article did not come out in time; 2 before starting anything when a path is missing."""
    from services.demo import missing_paths, run_demo

    paths = args.paths or [Path("seeds")]
    missing = missing_paths(paths)
    if missing:
        hint = "" if args.paths else " (the default seeds/ is in the repository root: run there, or pass PATH)"
        print(f"samachar demo: no such file or directory: {', '.join(map(str, missing))}{hint}", file=sys.stderr)
        return 2
    try:
        return run_demo(paths, timeout=args.timeout, partitions=args.partitions)
    except KeyboardInterrupt:
        print("samachar demo: interrupted; worker and broker stopped", file=sys.stderr)
        return 130
    except (FileNotFoundError, RuntimeError, TimeoutError) as exc:  # no broker binary; broker/worker did not start
        print(f"samachar demo: {exc}", file=sys.stderr)
        return 1


def cmd_consume(args: argparse.Namespace) -> int:
    """``samachar consume TOPIC``: one line per record on stdout, the count on stderr; exit 0."""
    from services.kafka import read_topic

    settings = _settings(args)
    require_broker(settings)

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
    require_broker(settings)
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
    """The ``samachar`` argument parser; each sub-command sets ``func`` to its ``cmd_*``. Every option and
    argument has help text (units and defaults included; ``tests/unit/test_cli.py`` checks)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="samachar", description=DESCRIPTION, epilog=EPILOG, formatter_class=fmt)
    parser.add_argument("--version", action="version", version=f"samachar {__version__}")
    parser.add_argument("--log-level", default="WARNING", metavar="LEVEL",
                        help="log level of the command's own logs: DEBUG, INFO, WARNING, ERROR (default: %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, description: str | None = None, kafka: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=summary, description=description or summary,
                           epilog=BROKER_EPILOG if kafka else None)
        if kafka:
            p.add_argument("--bootstrap-servers", metavar="HOST:PORT[,...]",
                           help=f"Kafka broker(s) to use; overrides SAMACHAR_BOOTSTRAP_SERVERS (default {DEFAULT_BOOTSTRAP})")
        return p

    p = command("produce", "stream article files onto articles.raw",
                "Read article files and send one record per article onto articles.raw; files that are not articles "
                "are dead-lettered onto articles.dlq with their reason. Exit 2 when something was dead-lettered.",
                kafka=True)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="article files or directories (recursive): .txt .md .html .json .jsonl; with --watch, one "
                        "directory")
    p.add_argument("--watch", action="store_true",
                   help="keep watching the (single) directory for new files, moving them to .processed/.failed")
    p.add_argument("--interval", type=float, default=2.0, metavar="SECONDS",
                   help="with --watch: seconds between looks at the directory (default: %(default)s)")
    p.add_argument("--create-topics", action="store_true", help="create missing topics first")
    p.set_defaults(func=cmd_produce)

    p = command("worker", "run the Faust enrichment worker",
                "Consume articles.raw, enrich, write articles.enriched/articles.entities/articles.dlq, until stopped.",
                kafka=True)
    p.add_argument("--web-port", type=int, metavar="PORT",
                   help="port of /metrics, /healthz, /readyz; overrides SAMACHAR_WEB_PORT (default "
                        f"{Settings.model_fields['web_port'].default}); each worker on a host needs its own")
    p.add_argument("--broker-wait", type=float, default=300.0, metavar="SECONDS",
                   help="seconds to wait for the broker to answer before exiting 1 (default: %(default)s)")
    p.set_defaults(func=cmd_worker)

    p = command("broker", "run an embedded Kafka-protocol broker in the foreground (local work)",
                "Run the embedded Kafka-protocol broker (noida-db, what the demo and tests use) in the foreground "
                "for local work with produce, consume, topics and worker; prints its bootstrap address; Ctrl-C "
                "stops it. Not for production: deployments use Apache Kafka (docker-compose.yml).")
    p.add_argument("--port", type=int, default=BROKER_PORT,
                   help=f"TCP port on 127.0.0.1 (default: %(default)s, where the default SAMACHAR_BOOTSTRAP_SERVERS "
                        f"{DEFAULT_BOOTSTRAP} looks)")
    p.add_argument("--data-dir", type=Path, metavar="DIR",
                   help="keep the broker's data in DIR across runs (default: a temporary directory removed on exit)")
    p.add_argument("--no-topics", action="store_true",
                   help="do not create the four topics (default: create them, SAMACHAR_PARTITIONS partitions)")
    p.set_defaults(func=cmd_broker)

    p = command("enrich", "enrich files without a broker; JSON lines on stdout",
                "Enrich article files with the worker's own code, without a broker: one enriched JSON record per "
                "article on stdout, one line per dead letter and a count on stderr (a progress bar too when stderr "
                "is a terminal). Exit 2 when something was dead-lettered.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="article files or directories (recursive), as for produce")
    p.add_argument("--format", choices=["jsonl"], default="jsonl",
                   help="output format on stdout (default: %(default)s, one JSON record per line)")
    p.set_defaults(func=cmd_enrich)

    p = command("demo", "embedded broker + worker + producer on PATH (default seeds/), then a summary",
                "Start an embedded broker, the topics and one worker; produce PATH; wait until every article came "
                "out enriched or dead-lettered; print a summary; stop everything. Exit 0, 2 when something was "
                "dead-lettered, 1 when articles did not come out in time, 130 on Ctrl-C.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="article files or directories (default: seeds/ in the current directory)")
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                   help="seconds to wait for the articles to come out once produced (default: %(default)s)")
    p.add_argument("--partitions", type=int, default=4, metavar="N",
                   help="partitions per topic (default: %(default)s)")
    p.set_defaults(func=cmd_demo)

    p = command("consume", "print records from a topic",
                "Print a topic's records (every partition, from the beginning, no consumer group) on stdout, the "
                "count on stderr.", kafka=True)
    p.add_argument("topic", metavar="TOPIC", help="topic name, e.g. articles.enriched or articles.dlq")
    p.add_argument("--max", type=int, metavar="N", help="stop after N records (default: no limit)")
    p.add_argument("--idle-timeout", type=float, default=5.0, metavar="SECONDS",
                   help="stop after this many seconds without a new record (default: %(default)s)")
    p.add_argument("--format", choices=["json", "value"], default="json",
                   help="json: one JSON line per record with topic, partition, offset, key and value; value: the "
                        "value only (default: %(default)s)")
    p.set_defaults(func=cmd_consume)

    p = command("topics", "create the topics (SAMACHAR_PARTITIONS partitions)",
                "Create the missing topics of services/outputs.py with their configs; existing topics are left "
                "as they are.", kafka=True)
    p.add_argument("--partitions", type=int, metavar="N",
                   help="partitions per new topic; overrides SAMACHAR_PARTITIONS (default "
                        f"{Settings.model_fields['partitions'].default})")
    p.set_defaults(func=cmd_topics)

    p = command("schemas", "write JSON Schemas of every topic's record to schemas/")
    p.add_argument("--dir", type=Path, default=Path("schemas"), metavar="DIR",
                   help="directory of the .schema.json files (default: %(default)s)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files differ from the models")
    p.set_defaults(func=cmd_schemas)

    p = command("eval-ner", "entity-level P/R/F1 of the NER on a CoNLL file")
    p.add_argument("file", type=Path, metavar="FILE.conll",
                   help="token<TAB>...<TAB>BIO tag lines, a blank line between sentences")
    p.add_argument("--predictions", type=Path, metavar="OUT", help="write token<TAB>gold<TAB>pred lines here")
    p.set_defaults(func=cmd_eval_ner)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), configure logging, run the sub-command; its exit code.

    Failures a person can fix are one line on stderr, never a traceback: a wrong setting (exit 2), no broker
    reachable or another Kafka error (exit 1), Ctrl-C (exit 130).
    """
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    name = f"samachar {args.command}"
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:  # a wrong setting (e.g. SAMACHAR_NLP__HI_MODEL): one line, no traceback
        print(f"samachar: {exc}", file=sys.stderr)
        return 2
    except BrokerUnreachable as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - Kafka errors mid-run (broker gone, record refused): one line
        from aiokafka.errors import KafkaConnectionError, KafkaError

        if isinstance(exc, KafkaConnectionError):
            print(f"{name}: {BrokerUnreachable(_settings(args).bootstrap_servers, exc)}", file=sys.stderr)
            return 1
        if isinstance(exc, KafkaError):
            print(f"{name}: Kafka error at {_settings(args).bootstrap_servers}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
