import pytest

from klyngestat import QuestionnaireError, Response, load_questionnaire
from klyngestat.models import Scale


def test_contract_question_ids_and_scales(questionnaire):
    kvalitet = questionnaire.scale_of("understoetter_kvalitet")
    assert kvalitet.labels == (
        "I meget høj grad",
        "I høj grad",
        "I nogen grad",
        "I mindre grad",
        "Slet ikke",
        "Ved ikke",
    )
    assert kvalitet.non_substantive_labels == ("Ved ikke",)
    assert kvalitet.group("top_box").label == "i høj eller meget høj grad"
    assert questionnaire.scale_of("forbedringer").labels == ("Ja", "Nej", "Ved ikke")
    assert questionnaire.question("understoetter_kvalitet").text == (
        "I hvor høj grad vurderer du, at klyngearbejdet kan understøtte kvalitetsarbejdet i speciallægepraksis?"
    )
    assert questionnaire.question("forbedringer").text == (
        "Har du på baggrund af et klyngemøde indført forbedringer i din klinik?"
    )


def test_every_closed_question_accepts_codes_labels_and_aliases(questionnaire):
    scale = questionnaire.scale_of("understoetter_kvalitet")
    tokens = scale.token_map()
    assert tokens["2"] == tokens["i høj grad"] == 1
    assert tokens["9"] == tokens["ved ikke"] == 5


def test_scale_rejects_a_group_with_unknown_codes():
    with pytest.raises(ValueError, match="unknown codes"):
        Scale(id="s", options=({"code": 1, "label": "Ja"},), groups={"top": {"label": "x", "codes": (1, 2)}})


def test_scale_rejects_a_label_naming_two_options():
    with pytest.raises(ValueError, match="names two options"):
        Scale(id="s", options=({"code": 1, "label": "Ja"}, {"code": 2, "label": "Nej", "aliases": ("ja",)}))


def test_questionnaire_file_errors_name_the_file(tmp_path):
    path = tmp_path / "q.toml"
    path.write_text(
        'id = "x"\ntitle = "t"\n[scales.s]\noptions = []\n[[questions]]\nid = "q"\ntext = "?"\n'
        'section = "a"\nscale = "s"\n',
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError, match=str(path)):
        load_questionnaire(path)
    path.write_text("id = ", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="not valid TOML"):
        load_questionnaire(path)
    with pytest.raises(QuestionnaireError, match="cannot read"):
        load_questionnaire(tmp_path / "missing.toml")


def test_single_response_is_validated_on_its_own(questionnaire):
    good = Response(
        respondent_id="1",
        specialty="Dermatologi",
        cluster="Derma – Nord",
        status="completed",
        answers={"understoetter_kvalitet": " i HØJ grad ", "forbedringer": 1, "kommentarer": "fri tekst"},
    )
    assert good.check(questionnaire) == ()
    bad = Response(
        respondent_id="2",
        specialty="Dermatologi",
        cluster="Derma – Nord",
        status="not_answered",
        answers={"understoetter_kvalitet": "7", "nyt_spoergsmaal": "x"},
    )
    assert sorted(p.code for p in bad.check(questionnaire)) == [
        "answer_from_non_respondent",
        "unknown_answer",
        "unknown_column",
    ]
    with pytest.raises(ValueError, match="status"):
        Response(respondent_id="3", specialty="A", cluster="a", status="done")


def test_survey_from_responses_matches_the_records(questionnaire):
    from klyngestat import group_share, survey_from_responses

    records = [
        Response(respondent_id=str(i), specialty="A", cluster="a", status="completed", answers={"forbedringer": answer})
        for i, answer in enumerate(["Ja", "Nej", "Ja", "Ved ikke"])
    ]
    share = group_share(survey_from_responses(records), "forbedringer", specialty="A")
    assert (share.count, share.base) == (2, 4)
