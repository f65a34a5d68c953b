"""The data hash in a release's provenance (and the decoys' secret key): what changes it and what does not."""

import hashlib

import numpy as np
import pandas as pd

import klyngestat as ks
from klyngestat.release._digests import data_chunks as _data_chunks
from klyngestat.release._digests import data_digests as _data_digests


def _digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(b"".join(_data_chunks(frame))).hexdigest()


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent_id": pd.Series(["a1", "a2", "a3", "a4"], dtype=object),
            "specialty": pd.Categorical(["Dermatologi", "Dermatologi", "Øjenlæger", "Øjenlæger"]),
            "q": pd.Categorical(["1", None, "9", "2"]),
            "tekst": pd.Series(["godt", None, "", "ok"], dtype=object),
        }
    )


def test_the_same_values_give_the_same_hash_whatever_the_categories_order_or_unused_ones():
    frame = _frame()
    other = frame.copy()
    other["q"] = other["q"].cat.reorder_categories(["9", "2", "1"]).cat.add_categories(["5"])
    other["specialty"] = other["specialty"].cat.set_categories(["Øjenlæger", "Kirurgi", "Dermatologi"])
    assert (other["q"].cat.codes.tolist(), other["specialty"].cat.codes.tolist()) != (
        frame["q"].cat.codes.tolist(),
        frame["specialty"].cat.codes.tolist(),
    )
    assert _digest(other) == _digest(frame)


def test_every_answer_row_order_missing_cell_and_column_name_counts():
    frame = _frame()
    changed = []
    one_answer = frame.copy()
    one_answer.loc[3, "q"] = "1"
    changed.append(one_answer)
    changed.append(frame.iloc[[1, 0, 2, 3]].reset_index(drop=True))  # two rows swapped
    blank_text = frame.copy()
    blank_text.loc[1, "tekst"] = ""  # missing and empty text are told apart
    changed.append(blank_text)
    renamed = frame.rename(columns={"tekst": "tekst2"})
    changed.append(renamed)
    moved_value = frame.copy()
    moved_value["tekst"] = pd.Series(["god", "t", "", "ok"], dtype=object)  # 'godt' split across rows
    changed.append(moved_value)
    digests = {_digest(f) for f in changed}
    assert len(digests) == len(changed) and _digest(frame) not in digests


def test_the_published_hash_is_not_the_secret_key_and_both_are_deterministic(the_demo_survey):
    survey = the_demo_survey
    published, key = _data_digests(survey)
    assert len(published) == 64 and len(key) == 32 and bytes.fromhex(published) != key
    assert _data_digests(ks.demo_survey()) == (published, key)  # a survey read afresh: the same digests
    assert published == hashlib.sha256(b"".join(_data_chunks(survey.frame))).hexdigest()
    assert np.frombuffer(key, dtype=np.uint8).any()
