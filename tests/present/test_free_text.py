import pytest

import klyngestat as ks
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.free_text import free_text_table
from klyngestat.present.render import to_html


@pytest.fixture(scope="module")
def survey():
    return ks.demo_survey()


def test_free_text_export_has_no_ids_and_pools_small_clusters(survey):
    table = free_text_table(survey, "forbedringer_tekst")
    assert list(table.columns) == ["specialty", "cluster", "answer"]
    frame = survey.frame
    answered = frame[survey.respondent_mask & frame["forbedringer_tekst"].notna().to_numpy()]
    assert len(table) == len(answered)
    assert sorted(table["answer"]) == sorted(answered["forbedringer_tekst"])
    sizes = table.groupby(["specialty", "cluster"]).size()
    named = [size for (_, cluster), size in sizes.items() if cluster and not cluster.startswith("Øvrige")]
    assert named and min(named) >= 5
    # the order does not follow the input's rows
    assert table["answer"].tolist() != answered["forbedringer_tekst"].tolist()


def test_closed_question_is_refused(survey):
    with pytest.raises(ValueError, match="closed question"):
        free_text_table(survey, "forbedringer")


def test_free_text_never_reaches_a_fact_sheet_or_json(survey):
    frame = survey.frame
    texts = frame["forbedringer_tekst"].dropna().tolist() + frame["kommentarer"].dropna().tolist()
    assert texts
    for specialty in ("Dermatologi", "Plastikkirurgi"):
        page = to_html(build_factsheet(survey, specialty))
        payload = str(ks.specialty_summary(survey, specialty).to_dict())
        for text in texts:
            assert text not in page and text not in payload
