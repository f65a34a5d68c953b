"""No hidden cluster figure can be recovered from what is shown (brute force as the oracle)."""

import itertools
import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import klyngestat as ks
from klyngestat.stats.suppression import complementary_hidden, suppress_clusters


def feasible_values(totals, column, hidden, cell):
    """Every value the hidden ``cell`` can take in one column, given the parent's total and the shown cells."""
    hidden_cells = [i for i in range(len(totals)) if hidden[i]]
    remaining = int(column.sum() - column[~hidden].sum())
    values = set()
    for combo in itertools.product(*(range(totals[i] + 1) for i in hidden_cells)):
        if sum(combo) == remaining:
            values.add(combo[hidden_cells.index(cell)])
    return values


@st.composite
def specialties(draw):
    n_clusters = draw(st.integers(2, 5))
    totals = draw(st.lists(st.integers(0, 7), min_size=n_clusters, max_size=n_clusters))
    yes = [draw(st.integers(0, t)) for t in totals]
    return np.array(totals), np.column_stack([yes, np.array(totals) - np.array(yes)])


@settings(max_examples=300, deadline=None)
@given(specialties(), st.integers(1, 6))
def test_no_hidden_cell_is_determined_by_the_published_figures(data, min_n):
    totals, columns = data
    hidden = complementary_hidden(totals, totals, columns, min_n)
    assert np.all(hidden[totals < min_n] | (totals[totals < min_n] == 0))  # every small cell with answers is hidden
    if hidden.sum() == (totals > 0).sum():
        return  # everything with answers is hidden: only the specialty figure is shown
    parent = columns.sum(axis=0)
    for cell in np.flatnonzero(hidden & (totals > 0)):
        for c in range(columns.shape[1]):
            if 0 < parent[c] < totals.sum():  # otherwise the specialty figure itself tells all
                assert len(feasible_values(totals, columns[:, c], hidden, cell)) >= 2


def test_a_single_small_cluster_takes_a_partner_with_it():
    hidden = complementary_hidden([3, 12, 9, 14], [3, 12, 9, 14], np.array([[1, 2], [6, 6], [4, 5], [7, 7]]), 5)
    assert hidden.tolist() == [True, False, True, False]


def test_demo_anaestesiologi_hides_the_small_cluster_and_its_complement_in_the_working_summary(the_demo_survey):
    survey = the_demo_survey
    s = suppress_clusters(survey, "forbedringer", specialty="Anæstesiologi")
    assert s.primary == {"Anæst – Nordjylland"} and len(s.complementary) == 1
    data = ks.specialty_summary(survey, "Anæstesiologi").to_dict()
    shown = {c["cluster"]: c["questions"]["forbedringer"] for c in data["clusters"]}
    for name in s.hidden:
        assert shown[name] == {**shown[name], "count": None, "share": None, "base": None, "suppressed": True}
    # what the JSON shows leaves each hidden count open
    specialty = data["questions"]["forbedringer"]
    shown_counts = sum(v["count"] for v in shown.values() if not v["suppressed"])
    remaining = specialty["count"] - shown_counts
    sizes = {c["cluster"]: c["respondents"] for c in data["clusters"]}
    for name in s.hidden:
        others = sum(sizes[o] for o in s.hidden if o != name)
        assert max(0, remaining - others) < min(sizes[name], remaining)
    spread = data["cluster_spread"]["forbedringer"]
    assert spread["clusters_hidden"] == 2
    json.dumps(data)
