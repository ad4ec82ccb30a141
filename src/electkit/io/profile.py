"""Read election.yaml into an ElectionProfile; every problem names the field and its line."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from electkit.core.errors import InputError, Problem
from electkit.core.findings import Text
from electkit.core.models import ElectionProfile
from electkit.io.yamlfile import read_yaml, validation_problems


def load_profile(path: Path) -> ElectionProfile:
    """The election profile; raises InputError naming file, line and field."""
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    message_id="yaml.invalid",
                    file=str(path),
                    params={
                        "detail": Text(
                            zh="顶层应为 township:、election_date: 等键",
                            en="expected township:, election_date: … at the top level",
                        )
                    },
                )
            ]
        )
    try:
        return ElectionProfile.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, path, node)) from None
