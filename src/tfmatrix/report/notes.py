"""The tables' notes: one per distinct message, named by a short code that reads the same wherever
the Markdown is shown (footnotes are renumbered by GitHub and grow a back-link per reference)."""

from __future__ import annotations

import re

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
LETTERS = {"placeholder": "P", "unavailable": "U", "install_failed": "I"}  # any other outcome: E


def escape(text: str) -> str:
    """Text from a record, inert in Markdown and in the HTML it may become."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_SPECIAL.sub(r"\\\1", text)


def anchor(code: str) -> str:
    return f"note-{code.lower()}"


class Notes:
    """Codes (P1, U2, E1: the outcome's letter, then the order of first use) for distinct messages."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def ref(self, message: str, outcome: str) -> str:
        """' [P1](#note-p1)': the link a cell carries to its message."""
        code = self.codes.get(message)
        if code is None:
            letter = LETTERS.get(outcome, "E")
            code = f"{letter}{sum(known[0] == letter for known in self.codes.values()) + 1}"
            self.codes[message] = code
        return f" [{code}](#{anchor(code)})"

    def render(self) -> list[str]:
        """One list item per note, anchored where every reference points."""
        return [
            f'- <a id="{anchor(code)}"></a>**{code}**: {escape(message)}'
            for message, code in sorted(self.codes.items(), key=lambda item: (item[1][0], int(item[1][1:])))
        ]
