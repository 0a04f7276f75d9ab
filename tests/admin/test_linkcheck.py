"""Clip-link health against a local server that answers 200, 404, 500, a redirect and a timeout."""

from __future__ import annotations

import asyncio
import dataclasses

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, RedirectResponse

from admin.linkcheck import LinkTarget, broken, check, due, latest, save_results, targets
from catalogue.links import LinkPolicy
from catalogue.store import get_procedure, save_procedure
from core.db import Store, transaction
from tests.bot.servers import ServerThread


def links_app() -> FastAPI:
    app = FastAPI()

    @app.get("/ok")
    async def ok() -> PlainTextResponse:
        return PlainTextResponse("คลิป")

    @app.get("/missing")
    async def missing() -> PlainTextResponse:
        return PlainTextResponse("gone", status_code=404)

    @app.get("/broken")
    async def broken_page() -> PlainTextResponse:
        return PlainTextResponse("oops", status_code=500)

    @app.get("/moved")
    async def moved() -> RedirectResponse:
        return RedirectResponse("/ok", status_code=302)

    @app.get("/slow")
    async def slow() -> PlainTextResponse:
        await asyncio.sleep(5)
        return PlainTextResponse("late")

    return app


def test_each_kind_of_answer_is_recorded(db: Store) -> None:
    """200 and a redirect to a 200 are fine (the final address is kept); 404, 500 and a timeout are broken; a link
    changed since its check no longer counts; a day later the links are due again."""
    with ServerThread(links_app()) as server:
        links = [
            LinkTarget("birth-registration", "clip", server.url + "/ok"),
            LinkTarget("death-registration", "clip", server.url + "/moved"),
            LinkTarget("will-making", "clip", server.url + "/missing"),
            LinkTarget("will-making", "manual", server.url + "/broken"),
            LinkTarget("marriage-registration", "clip", server.url + "/slow"),
            LinkTarget("divorce-registration", "clip", "http://127.0.0.1:1/refused"),
        ]
        results = asyncio.run(check(links, timeout=1.0, concurrency=2))
    by = {(r.target.procedure_id, r.target.kind): r for r in results}
    assert by[("birth-registration", "clip")].status == 200 and by[("birth-registration", "clip")].ok
    moved = by[("death-registration", "clip")]
    assert moved.ok and moved.final_url == server.url + "/ok"
    assert by[("will-making", "clip")].status == 404 and not by[("will-making", "clip")].ok
    assert by[("will-making", "manual")].status == 500
    assert by[("marriage-registration", "clip")].status is None and "ไม่ตอบภายใน" in str(
        by[("marriage-registration", "clip")].error
    )
    assert "เชื่อมต่อไม่ได้" in str(by[("divorce-registration", "clip")].error)

    # Stored against the procedures whose links these are (set them first, as staff would; local links are allowed
    # by this test's own policy).
    policy = LinkPolicy(("127.0.0.1",), ("127.0.0.1",))
    with transaction(db.sessions) as session:
        for t in links:
            p = get_procedure(session, t.procedure_id)
            url = t.url.replace("http://", "https://")
            changed = (
                dataclasses.replace(p, clip_url=url) if t.kind == "clip" else dataclasses.replace(p, manual_url=url)
            )
            save_procedure(session, changed, policy)
    secure = [
        dataclasses.replace(r, target=dataclasses.replace(r.target, url=r.target.url.replace("http://", "https://")))
        for r in results
    ]
    with transaction(db.sessions) as session:
        assert due(session)
        save_results(session, secure)
    with db.sessions() as session:
        assert not due(session)
        assert len(targets(session)) == 6
        assert {(c.procedure_id, c.kind) for c in broken(session)} == {
            ("will-making", "clip"),
            ("will-making", "manual"),
            ("marriage-registration", "clip"),
            ("divorce-registration", "clip"),
        }
    with transaction(db.sessions) as session:
        p = get_procedure(session, "will-making")
        save_procedure(session, dataclasses.replace(p, clip_url="https://127.0.0.1/fixed"), policy)
    with db.sessions() as session:
        assert ("will-making", "clip") not in latest(session)
