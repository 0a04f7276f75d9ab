"""benchmarks/crossval.py: which examples are held out, and what is asked."""

import dataclasses

import pytest

from benchmarks.crossval import cross_validate, fold_of
from catalogue.seed import load_seed


def test_an_examples_fold_does_not_depend_on_the_others() -> None:
    """An example's fold is drawn from the draw's seed and the example alone: adding examples moves none."""
    examples = load_seed().examples[:200]
    before = [fold_of(e, 7, 5) for e in examples]
    assert [fold_of(e, 7, 5) for e in examples] == before
    assert set(before) == set(range(5))  # every fold drawn
    assert [fold_of(e, 8, 5) for e in examples] != before  # another seed, another draw


@pytest.mark.slow
def test_intent_examples_are_held_out_and_asked_as_questions_no_clip_answers() -> None:
    """With ``intents``, each intent example is asked once from an index trained without its fold, as a question no
    clip answers (it counts in rejection); without, none is asked. A small catalogue (three procedures' examples, two
    intents') keeps the folds' index builds short."""
    catalogue = load_seed()
    procedures = {"birth-registration", "death-registration", "marriage-registration"}
    examples = [e for e in catalogue.examples if e.label in procedures]
    small = dataclasses.replace(
        catalogue,
        examples=tuple(examples),
        intent_examples=tuple(e for e in catalogue.intent_examples if e.label in {"greeting", "agency:passport"}),
    )
    plain = cross_validate(small, examples, (), 2, 2026).report.overall
    assert (plain.labelled, plain.unlabelled) == (len(examples), 0)
    both = cross_validate(small, examples, (), 2, 2026, intents=True).report.overall
    assert (both.labelled, both.unlabelled) == (len(examples), len(small.intent_examples))
    rates = both.rates()
    assert rates["rejection"] is not None and rates["rejection"] >= 0.9
    assert rates["top1"] is not None and rates["top1"] >= 0.9
