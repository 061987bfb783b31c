"""The one place that reads the clock: `SOURCE_DATE_EPOCH` (reproducible builds) overrides today's date."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def today() -> date:
    """Today's date in UTC, or the date of `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().lstrip("-").isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()
