"""What an office would use without Paru, scored by the same rules (benchmark only, not product code)."""

from __future__ import annotations

import math
from collections import Counter

from pythainlp.tokenize import word_tokenize
from rapidfuzz import fuzz, process

from catalogue.evaluation import Prediction
from catalogue.matcher.normalise import normalise
from catalogue.models import Catalogue


def _keywords(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [
        (normalise(text), p.id)
        for p in catalogue.active_procedures()
        for text in (p.title_th, p.title_en, *p.aliases_th)
    ]


class KeywordAutoReply:
    """LINE Official Account Manager's keyword reply: fires only when the whole message equals a keyword."""

    name = "LINE OA keyword reply"

    def __init__(self, catalogue: Catalogue) -> None:
        self.table = dict(_keywords(catalogue))

    def predict(self, text: str) -> Prediction:
        hit = self.table.get(normalise(text))
        return Prediction("answer", (hit,)) if hit else Prediction("none", ())


class FuzzyTitles:
    """RapidFuzz WRatio of the message against every title and alias (no processor: it would strip Thai marks)."""

    name = "RapidFuzz WRatio, titles+aliases"

    def __init__(self, catalogue: Catalogue, answer_at: float = 85.0, offer_at: float = 60.0) -> None:
        pairs = _keywords(catalogue)
        self.texts = [t for t, _ in pairs]
        self.owner = [i for _, i in pairs]
        self.answer_at = answer_at
        self.offer_at = offer_at

    def predict(self, text: str) -> Prediction:
        query = normalise(text)
        if not query:
            return Prediction("none", ())
        best: dict[str, float] = {}
        for _, score, k in process.extract(query, self.texts, scorer=fuzz.WRatio, processor=None, limit=30):
            pid = self.owner[k]
            best[pid] = max(best.get(pid, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < self.offer_at:
            return Prediction("none", ())
        if ranked[0][1] >= self.answer_at:
            return Prediction("answer", (ranked[0][0],))
        return Prediction("choose", tuple(pid for pid, _ in ranked[:3]))


class BM25:
    """Okapi BM25 over PyThaiNLP newmm tokens (default dictionary), one document per procedure."""

    def __init__(self, catalogue: Catalogue, with_examples: bool = False, k1: float = 1.5, b: float = 0.75) -> None:
        self.name = "BM25 over newmm, titles+aliases" + (" + Paru's examples" if with_examples else "")
        docs: dict[str, list[str]] = {}
        for p in catalogue.active_procedures():
            texts = [p.title_th, p.title_en, *p.aliases_th]
            if with_examples:
                texts += [e.text for e in catalogue.examples if e.label == p.id]
            docs[p.id] = [t for text in texts for t in self._tokens(text)]
        self.ids = list(docs)
        self.tf = [Counter(docs[i]) for i in self.ids]
        self.len = [len(docs[i]) for i in self.ids]
        self.avg = sum(self.len) / len(self.len)
        df: Counter[str] = Counter()
        for tf in self.tf:
            df.update(tf.keys())
        n = len(self.ids)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.k1, self.b = k1, b

    @staticmethod
    def _tokens(text: str) -> list[str]:
        return [t for t in word_tokenize(normalise(text), engine="newmm", keep_whitespace=False) if t.strip()]

    def predict(self, text: str) -> Prediction:
        q = self._tokens(text)
        scores = []
        for i, tf in enumerate(self.tf):
            s = 0.0
            for t in q:
                f = tf.get(t, 0)
                if f:
                    norm = f + self.k1 * (1 - self.b + self.b * self.len[i] / self.avg)
                    s += self.idf[t] * f * (self.k1 + 1) / norm
            scores.append(s)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        top = scores[order[0]] if order else 0.0
        if top <= 0:
            return Prediction("none", ())
        second = scores[order[1]] if len(order) > 1 else 0.0
        if top >= 1.5 * second:
            return Prediction("answer", (self.ids[order[0]],))
        return Prediction("choose", tuple(self.ids[i] for i in order[:3] if scores[i] > 0))
