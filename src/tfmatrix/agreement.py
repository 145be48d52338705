"""Docker and venv side by side: which rows the tables show, and whether the backends agree."""

from __future__ import annotations

import pandas as pd
