"""Paru's Prometheus metrics (``prometheus-client``), defined once and counted where things happen.

``GET /metrics`` serves them (to this machine only unless ``PARU_METRICS_PUBLIC``). With several worker processes
``paru serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a folder of its own, and every worker's counts are summed.
No label ever holds a message, a user or a token: only fixed names (a status, an event type, a decision).
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

WEBHOOK_REQUESTS = Counter("paru_webhook_requests_total", "Webhook requests answered, by HTTP status.", ["status"])
WEBHOOK_EVENTS = Counter("paru_webhook_events_total", "Webhook events received, by kind.", ["kind"])
MATCH_DECISIONS = Counter("paru_match_decisions_total", "Questions matched, by decision.", ["decision"])
REPLIES = Counter("paru_replies_total", "Replies to LINE, by outcome (sent, failed, expired).", ["outcome"])
RECOVERED_REPLIES = Counter(
    "paru_recovered_replies_total", "Replies sent by another worker after the one that stored them stopped."
)
WRITER_BATCH = Histogram(
    "paru_writer_batch_size",
    "Writes committed together by the group-commit writer.",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200),
)
WRITER_COMMIT = Histogram(
    "paru_writer_commit_seconds",
    "Time to run and commit one batch of writes.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
DATABASE_ERRORS = Counter("paru_database_errors_total", "Database errors, by where they happened.", ["where"])
INDEX_REBUILDS = Counter("paru_index_rebuilds_total", "Matcher index rebuilds after a catalogue change.")


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus's text format, summed over every worker process when there are several."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
