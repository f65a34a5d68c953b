"""The statistics' argument checks, written once: a value from a fixed set, and a confidence level."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["check_choice", "check_confidence"]


def check_choice(name: str, value: object, allowed: Sequence[object]) -> None:
    """Raise ValueError unless ``value`` is one of ``allowed``.

    Examples
    --------
    >>> check_choice("by", "cluster", ("nation", "specialty", "cluster"))
    >>> check_choice("by", "region", ("nation", "specialty", "cluster"))
    Traceback (most recent call last):
    ...
    ValueError: by must be one of ('nation', 'specialty', 'cluster'), not 'region'
    """
    if value not in allowed:
        raise ValueError(f"{name} must be one of {tuple(allowed)}, not {value!r}")


def check_confidence(confidence_level: float) -> None:
    """Raise ValueError unless the confidence level lies strictly between 0 and 1.

    Examples
    --------
    >>> check_confidence(95)
    Traceback (most recent call last):
    ...
    ValueError: confidence_level must lie strictly between 0 and 1 (e.g. 0.95), not 95
    """
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must lie strictly between 0 and 1 (e.g. 0.95), not {confidence_level!r}")
