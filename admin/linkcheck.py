"""Clip-link health: every clip and manual link is fetched now and then (daily, and when staff ask), following
redirects, with a timeout and at most a few requests at once; the HTTP status and the final address are kept, and a
broken link shows on the dashboard and in the procedure list."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import Store
from core.models import LinkCheck, ProcedureRow, utcnow
from core.writer import WriteBatcher

log = logging.getLogger("paru.admin")

#: How long one link may take, how many are fetched at once, and how often the server checks them all.
TIMEOUT_SECONDS = 10.0
CONCURRENCY = 4
EVERY = dt.timedelta(days=1)
USER_AGENT = "Paru link check (Bang Na District Office; +https://webportal.bangkok.go.th/bangna)"


@dataclass(frozen=True)
class LinkTarget:
    """One link of one procedure."""

    procedure_id: str
    kind: str  # "clip" or "manual"
    url: str


@dataclass(frozen=True)
class LinkResult:
    """What fetching a link gave."""

    target: LinkTarget
    status: int | None
    final_url: str | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


def targets(session: Session) -> list[LinkTarget]:
    """Every link staff set on an active procedure (the district's TikTok page, shown until a clip is set, is not
    a procedure's own link)."""
    out = []
    for pid, clip, manual in session.execute(
        select(ProcedureRow.id, ProcedureRow.clip_url, ProcedureRow.manual_url)
        .where(ProcedureRow.active.is_(True))
        .order_by(ProcedureRow.position)
    ):
        out += [LinkTarget(pid, "clip", clip)] if clip else []
        out += [LinkTarget(pid, "manual", manual)] if manual else []
    return out


async def _fetch(client: httpx.AsyncClient, gate: asyncio.Semaphore, target: LinkTarget) -> LinkResult:
    async with gate:
        try:
            async with client.stream("GET", target.url) as response:
                return LinkResult(target, response.status_code, str(response.url), None)
        except httpx.TimeoutException:
            return LinkResult(target, None, None, f"ไม่ตอบภายใน {TIMEOUT_SECONDS:.0f} วินาที")
        except httpx.TooManyRedirects:
            return LinkResult(target, None, None, "เปลี่ยนเส้นทางวนซ้ำหลายครั้งเกินไป")
        except (httpx.HTTPError, OSError, ValueError) as exc:
            return LinkResult(target, None, None, f"เชื่อมต่อไม่ได้ ({type(exc).__name__})")


async def check(
    links: Sequence[LinkTarget], timeout: float = TIMEOUT_SECONDS, concurrency: int = CONCURRENCY
) -> list[LinkResult]:
    """Fetch every link (only the headers are read), at most ``concurrency`` at once."""
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        follow_redirects=True, max_redirects=10, timeout=timeout, headers={"User-Agent": USER_AGENT}
    ) as client:
        return list(await asyncio.gather(*(_fetch(client, gate, t) for t in links)))


def save_results(session: Session, results: Sequence[LinkResult], now: dt.datetime | None = None) -> None:
    """Keep the latest result of each procedure's link; forget results of links that were changed since."""
    now = now or utcnow()
    for r in results:
        row = session.scalar(
            select(LinkCheck).where(LinkCheck.procedure_id == r.target.procedure_id, LinkCheck.kind == r.target.kind)
        )
        if row is None:
            row = LinkCheck(procedure_id=r.target.procedure_id, kind=r.target.kind)
            session.add(row)
        row.url, row.status_code, row.final_url = r.target.url, r.status, r.final_url
        row.error, row.ok, row.checked_at = r.error, r.ok, now


def latest(session: Session) -> dict[tuple[str, str], LinkCheck]:
    """The latest check of each link still set as it was checked, by (procedure id, kind)."""
    current = {(t.procedure_id, t.kind): t.url for t in targets(session)}
    return {
        (c.procedure_id, c.kind): c
        for c in session.scalars(select(LinkCheck))
        if current.get((c.procedure_id, c.kind)) == c.url
    }


def broken(session: Session) -> list[LinkCheck]:
    """Links whose latest check failed (an error, or a 4xx/5xx status)."""
    return sorted((c for c in latest(session).values() if not c.ok), key=lambda c: (c.procedure_id, c.kind))


def due(session: Session, now: dt.datetime | None = None, every: dt.timedelta = EVERY) -> bool:
    """Whether the links are due for their check."""
    newest = session.scalar(select(LinkCheck.checked_at).order_by(LinkCheck.checked_at.desc()).limit(1))
    return newest is None or newest <= (now or utcnow()) - every


async def check_and_save(store: Store, writer: WriteBatcher) -> int:
    """Check every link now and keep the results (through the writer); returns how many were checked."""
    with store.sessions() as session:
        links = targets(session)
    results = await check(links)
    await writer.write(lambda session: save_results(session, results))
    return len(results)


async def daily(store: Store, writer: WriteBatcher, hours: float, poll: float = 3600.0) -> None:
    """The server's own check, every ``hours``: each ``poll`` seconds it looks whether that much time has passed
    since the last check (several workers share the result, so only one of them checks)."""
    if hours <= 0:
        return
    while True:
        try:
            with store.sessions() as session:
                is_due = due(session, every=dt.timedelta(hours=hours))
            if is_due:
                await check_and_save(store, writer)
        except Exception as exc:  # the database or the network is down: try again at the next hour
            log.warning("link check failed (%s); will try again", type(exc).__name__)
        await asyncio.sleep(poll)
