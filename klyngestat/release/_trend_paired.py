"""Paired change records: respondents linked across two waves by their pseudonymous ids.

The 2×2 table per unit (nation, specialty) counts the respondents who are in
the question's base in both waves, by whether their answer was in the group
in each. It is counted once per question and group for every specialty
(numpy, no loop over respondents). Whether a table may be shown is decided by
:func:`klyngestat.release.trend` rules: enough linked respondents, and no
few newcomers or leavers whose answers its margins would give away.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from klyngestat.models.questionnaire import Scale
from klyngestat.release.options import ReleaseOptions
from klyngestat.survey import Survey

__all__ = ["linked_tables"]


def _answers(survey: Survey, question: str, group: str, ved_ikke: str) -> pd.DataFrame:
    """Per respondent in the question's base: id, specialty and whether the answer is in the group."""
    scale: Scale = survey.questionnaire.scale_of(question)
    column = survey.frame[question]
    in_base = survey.respondent_mask & np.asarray(column.notna())
    if ved_ikke == "exclude":
        in_base &= np.asarray(column.isin(scale.substantive_labels))
    labels = {o.label for o in scale.options if o.code in scale.group(group).codes}
    rows = survey.frame.loc[in_base, ["respondent_id", "specialty"]]
    return pd.DataFrame(
        {
            "respondent_id": rows["respondent_id"].astype(str).to_numpy(),
            "specialty": rows["specialty"].astype(str).to_numpy(),
            "in_group": np.asarray(column[in_base].isin(labels)),
        }
    )


def linked_tables(
    then: Survey, now: Survey, question: str, previous: str, group: str, options: ReleaseOptions
) -> dict[str | None, tuple[int, int, int, int]]:
    """The linked 2×2 table (both, then only, now only, neither) for the nation (key None) and each specialty.

    A respondent counts for a specialty when the later wave places them in it;
    the nation counts every linked respondent.

    Parameters
    ----------
    then, now
        The earlier and the later wave.
    question, previous
        The question's id in the later and the earlier wave.
    group
        The group of the scale (e.g. ``top_box``), named alike in both waves.
    options
        The releases' options (``ved_ikke`` decides the base).
    """
    earlier = _answers(then, previous, group, options.ved_ikke)
    later = _answers(now, question, group, options.ved_ikke)
    linked = later.merge(earlier, on="respondent_id", suffixes=("_now", "_then"), validate="one_to_one")
    was, is_ = linked["in_group_then"].to_numpy(bool), linked["in_group_now"].to_numpy(bool)
    position = np.select(
        [was & is_, was & ~is_, ~was & is_], [0, 1, 2], default=3
    )  # both, then only, now only, neither
    tables: dict[str | None, tuple[int, int, int, int]] = {None: _table(position)}
    specialties = linked["specialty_now"].to_numpy()
    for specialty in now.specialties:
        tables[specialty] = _table(position[specialties == specialty])
    return tables


def _table(position: np.ndarray) -> tuple[int, int, int, int]:
    both, then_only, now_only, neither = np.bincount(position, minlength=4).tolist()
    return both, then_only, now_only, neither
