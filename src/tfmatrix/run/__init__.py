"""How it is measured: interpreters, environments (venv or Docker), the runner, the lock, the bench.

May import data (to write and reuse records) and matrix, never report.
"""
