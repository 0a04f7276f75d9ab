"""``paru catalogue``: the procedures, their clip links, example questions and vocabulary in the database."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from catalogue.links import policy
from catalogue.store import add_example, add_synonym, catalogue_version, get_procedure, load_catalogue, save_procedure
from core.settings import get_settings
from paru.cli.common import run_in_transaction

catalogue_app = typer.Typer(
    help="The catalogue in the database: procedures, clip links, examples, vocabulary.", no_args_is_help=True
)


@catalogue_app.command("list")
def catalogue_list() -> None:
    """Every procedure: its id, Thai title, section, whether its own clip is set, and its example questions."""

    def work(session: Session) -> None:
        cat = load_catalogue(session)
        per = {p.id: 0 for p in cat.procedures}
        for e in cat.examples:
            per[e.label] = per.get(e.label, 0) + 1
        with_clip = sum(1 for p in cat.procedures if p.clip_url)
        typer.echo(
            f"catalogue version {catalogue_version(session)}: {len(cat.procedures)} procedures, "
            f"{with_clip} with their own clip"
        )
        for p in cat.procedures:
            clip = "คลิปแล้ว" if p.clip_url else "ยังไม่มีคลิป"
            retired = "  (เลิกใช้แล้ว)" if not p.active else ""
            typer.echo(f"{p.id:<42} {p.title_th}  | {p.department_th} | {clip} | {per[p.id]} ตัวอย่าง{retired}")

    run_in_transaction(work)


@catalogue_app.command("set-clip")
def catalogue_set_clip(
    procedure_id: Annotated[str, typer.Argument(help="The procedure's id.")],
    url: Annotated[str, typer.Argument(help="The clip's link (https://...), or '' to fall back to the TikTok page.")],
) -> None:
    """Set a procedure's clip link."""

    links = policy(get_settings())

    def work(session: Session) -> None:
        p = get_procedure(session, procedure_id)
        save_procedure(session, dataclasses.replace(p, clip_url=url), links)

    run_in_transaction(work)
    typer.echo(f"clip of {procedure_id} set")


@catalogue_app.command("add-example")
def catalogue_add_example(
    label: Annotated[str, typer.Argument(help="A procedure id, or intent:<name> (intent:other_agency ...).")],
    text: Annotated[str, typer.Argument(help="The question as citizens ask it.")],
    lang: Annotated[str, typer.Option(help="th or en")] = "th",
) -> None:
    """Teach the matcher a phrasing; every worker rebuilds its index within seconds."""
    run_in_transaction(lambda s: add_example(s, label, text, lang))
    typer.echo(f"example added to {label}")


@catalogue_app.command("add-synonym")
def catalogue_add_synonym(
    canonical: Annotated[str, typer.Argument(help="The official term, e.g. สมรส")],
    variant: Annotated[str, typer.Argument(help="What citizens say, e.g. แต่งงาน")],
) -> None:
    """Teach the matcher that a word means an official term."""
    run_in_transaction(lambda s: add_synonym(s, canonical, variant))
    typer.echo(f"{variant} → {canonical}")


def register(app: typer.Typer) -> None:
    """Add ``catalogue`` to ``paru``."""
    app.add_typer(catalogue_app, name="catalogue")
