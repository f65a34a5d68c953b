"""The finite population a share's answers come from: the roster's member counts or the invited.

The population of :func:`klyngestat.stats.intervals.populations_of` and
:func:`klyngestat.stats.intervals.population_of`, whose public names these are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from klyngestat.stats._arguments import check_choice
from klyngestat.stats._counts import LEVELS, aggregate, unit_people
from klyngestat.stats.shares import Share
from klyngestat.survey import Survey

Population = Literal["members", "invited", "none"]
"""Which finite population an interval's correction takes (the ``fpc_population`` option): roster members
(invited where the roster lacks them), the invited, or none (no finite population correction)."""


def populations_of(
    survey: Survey, shares: Sequence[Share], *, fpc_population: Population = "members"
) -> tuple[int | None, ...]:
    """The population behind each share (see :func:`population_of`).

    Parameters
    ----------
    survey
        The survey the shares come from.
    shares
        Shares of the survey.
    fpc_population
        Which population: ``"members"`` (the roster's, invited where it
        lacks them; default), ``"invited"`` (the invited only) or ``"none"``
        (None for every share: no finite population correction).

    Examples
    --------
    >>> from klyngestat import demo_survey, group_shares
    >>> s = demo_survey()
    >>> shares = group_shares(s, "understoetter_kvalitet", by="cluster", specialty="Plastikkirurgi")
    >>> populations_of(s, shares), populations_of(s, shares, fpc_population="invited")
    ((11, 8), (12, 8))
    """
    check_choice("fpc_population", fpc_population, get_args(Population))
    if fpc_population == "none":
        return (None,) * len(shares)
    invited_by_unit, _ = unit_people(survey)
    invited: dict[tuple[str | None, str | None], int] = {}
    for level in LEVELS:
        keys, counts = aggregate(survey, invited_by_unit, level)
        invited.update(zip(zip(keys["specialty"], keys["cluster"], strict=True), counts.tolist(), strict=True))
    found: list[int | None] = []
    for share in shares:
        members = None
        if (
            fpc_population == "members"
            and survey.roster is not None
            and share.level != "nation"
            and share.specialty is not None
        ):
            members = survey.roster.members(share.specialty, share.cluster if share.level == "cluster" else None)
        found.append(members if members is not None else invited.get((share.specialty, share.cluster)))
    return tuple(found)


def population_of(survey: Survey, share: Share, *, fpc_population: Population = "members") -> int | None:
    """The finite population a share's answers come from.

    A cluster: the roster's member count when the roster lists the cluster,
    else the number invited from it. A specialty: the sum of its clusters'
    member counts in the roster when it has any, else the number invited.
    The nation: the total invited. Invited counts stand in for membership
    when there is no roster; they may differ (Dermatologi: 110 invited,
    111 members). None when the share's group is not in the survey.

    Parameters
    ----------
    survey
        The survey the share comes from.
    share
        A share of the survey.
    fpc_population
        ``"members"`` (default) as above; ``"invited"`` takes the invited
        count everywhere and ``"none"`` gives None (no finite population
        correction).

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share
    >>> s = demo_survey()
    >>> population_of(s, group_share(s, "understoetter_kvalitet", specialty="Dermatologi"))
    111
    >>> population_of(s, group_share(s, "understoetter_kvalitet", specialty="Dermatologi"), fpc_population="invited")
    110
    >>> population_of(s, group_share(s, "understoetter_kvalitet"))
    1092
    """
    return populations_of(survey, [share], fpc_population=fpc_population)[0]
