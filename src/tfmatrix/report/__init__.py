"""What readers get: how each outcome looks, the Markdown matrix, README's figures, the page, the
picture, reports/ itself.

Rendering is pure (records -> str); report.build writes. May import data and
matrix, never run.
"""
