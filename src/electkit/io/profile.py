"""Read election.yaml into an ElectionProfile; every problem names the field and its line."""

from __future__ import annotations

from pathlib import Path

from electkit.core.findings import Text
from electkit.core.models import ElectionProfile
from electkit.io.yamlfile import read_model


def load_profile(path: Path) -> ElectionProfile:
    """The election profile; raises InputError naming file, line and field."""
    keys = Text(zh="township:、election_date:", en="township:, election_date:")
    return read_model(path, ElectionProfile, keys)
