"""Defaults that several layers share, defined once.

The module imports nothing: the command line reads it at start.
"""

DEFAULT_MIN_N = 5
"""Danmarks Statistik's rule: no published figure rests on fewer than five answers (and no cluster is shown,
nor counted in a spread, on fewer)."""
