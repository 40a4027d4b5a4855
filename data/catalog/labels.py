"""Status and kind vocabularies with their Vietnamese labels (``labels.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    word: str  # the form used inside a sentence (the label when none is given)
    help: str = ""  # what the key means, for the "Cách đánh giá" glossary


@dataclass(frozen=True)
class Vocabulary:
    """The keys of one vocabulary, in declaration order, with their labels."""

    name: str
    terms: tuple[Term, ...]

    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.terms)

    def labels(self) -> dict[str, str]:
        """Key -> label, in declaration order."""
        return {t.key: t.label for t in self.terms}

    def words(self) -> dict[str, str]:
        """Key -> in-sentence word."""
        return {t.key: t.word for t in self.terms}

    def helps(self) -> dict[str, str]:
        """Key -> meaning (empty when the entry gives none)."""
        return {t.key: t.help for t in self.terms}

    def label(self, key: str | None) -> str:
        """The label of ``key``; an unknown key is shown as it is (a rule forbids that)."""
        for term in self.terms:
            if term.key == key:
                return term.label
        return "" if key is None else str(key)


def _term(key: str, entry) -> Term:
    if isinstance(entry, Mapping):
        label = str(entry.get("label") or "")
        return Term(str(key), label, str(entry.get("word") or label), str(entry.get("help") or ""))
    return Term(str(key), str(entry or ""), str(entry or ""))


def parse_labels(doc: dict) -> dict[str, Vocabulary]:
    """Every vocabulary of ``labels.yaml`` by name."""
    return {
        name: Vocabulary(name, tuple(_term(k, v) for k, v in (entries or {}).items()))
        for name, entries in doc.items()
    }
