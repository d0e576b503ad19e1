"""What one import run has learnt about the database, so later files need not ask again.

An archive of ten thousand protocols names the same cases and the same words over and over;
asking SQLite for each again costs more than writing the rows. Lookups made while a file is
written are staged and only remembered once that file's transaction has committed: a file that
fails is rolled back, and a case id from a rolled-back insert must never be handed to the next
file. The memo belongs to one run and one tenant; it is never shared between processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportMemo:
    """Case ids and dictionary words known to be committed for ``tenant_id``."""

    tenant_id: int | None = None
    cases: dict[str, tuple[int, str, bool]] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    _staged_cases: dict[str, tuple[int, str, bool]] = field(default_factory=dict)
    _staged_words: set[str] = field(default_factory=set)

    def for_tenant(self, tenant_id: int) -> ImportMemo:
        """This memo, emptied first if it was filled for another tenant (ids are per tenant)."""
        if self.tenant_id != tenant_id:
            self.tenant_id = tenant_id
            self.cases.clear()
            self.words.clear()
            self.discard()
        return self

    def stage(self, *, cases: dict[str, tuple[int, str, bool]], words: set[str]) -> None:
        """Remember what the current file looked up or wrote, pending its commit."""
        self._staged_cases.update(cases)
        self._staged_words |= words

    def commit(self) -> None:
        """The current file's transaction committed: what it staged is now true for everyone."""
        self.cases.update(self._staged_cases)
        self.words |= self._staged_words
        self.discard()

    def discard(self) -> None:
        """The current file was rolled back: forget what it staged."""
        self._staged_cases.clear()
        self._staged_words.clear()
