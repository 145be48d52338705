"""How one cell reads in every table: its glyph and words, and every value a flaky cell showed."""

from __future__ import annotations

from ..data import history
from .looks import FLAKY, look
from .notes import Notes


def cell_text(row, notes: Notes | None = None, counted: bool = False) -> str:
    """The cell as the tables show it; a cell whose runs disagree shows every value it had (and,
    `counted`, how many runs showed each: the page's words, never a committed file's)."""
    note = notes.ref(row.error, row.outcome) if row.error and notes else ""
    if history.flaky(row.seen):
        return f"{FLAKY.glyph} flaky: {flaky_values(row.seen, counted)}{note}"
    return f"{look(row.outcome).glyph} {words(history.value(row))}{note}"


def flaky_values(seen: str, counted: bool = False) -> str:
    """'10 updates: 4 raced pairs or 5 raced pairs' where the values share their count, else 'NaN or
    not updated': each value a cell's runs showed; `counted`, with how often ('NaN ×1; not updated
    ×2'). The committed files name the values alone: they change only when a cell shows a new one."""
    found = history.values(seen)
    texts = [words(value) for value in found]
    if len(set(texts)) < len(texts):  # words without a count ('feed placeholder'): the counts tell them apart
        texts = [f"{text} with {counted_words(value)}" for text, value in zip(texts, found)]
    shown = [(text.partition(", "), f" ×{n}" if counted else "") for text, n in zip(texts, found.values())]
    glue = ", " if counted else " or "
    if len({head for (head, _, _), _ in shown}) == 1:
        return f"{shown[0][0][0]}: " + glue.join(f"{rest or 'none raced'}{n}" for (_, _, rest), n in shown)
    return ("; " if counted else " or ").join(f"{''.join(parts)}{n}" for parts, n in shown)


def counted_words(value: str) -> str:
    """'placeholder 1' -> '1 update', in the words of an updated cell."""
    count = value.split(" ")[1] if " " in value else "no"
    return words(f"updated {count}")


def words(value: str) -> str:
    """A value of a cell's history ('updated 5', 'updated 10 raced 2', 'diverged') in the tables' words."""
    outcome, count, detail = history.parts(value)
    text = look(outcome).words.format(k=count)
    if count == "1":
        text = text.replace("1 updates", "1 update")
    if detail.startswith("raced "):
        pairs = int(detail.split()[1])
        return f"{text}, {pairs} raced pair{'' if pairs == 1 else 's'}"
    if detail.startswith("="):
        return f"{text} (variance {detail[1:]})"
    return text
