"""What presentation reads from a Release: released shares, distributions and question wording.

Presentation never reaches back to the Survey: every figure a fact sheet,
chart or table shows is a :class:`~klyngestat.release.Record` (or a
:class:`Categories` assembled from category records), and a hidden record
carries no figure to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from klyngestat.release import Record, Release

__all__ = ["HIDDEN_TEXT", "Categories", "Released"]

HIDDEN_TEXT = "Vises ikke af hensyn til fortroligheden"
"""What stands in place of every hidden figure, whichever rule hid it (primary and complementary alike)."""


@dataclass(frozen=True)
class Categories:
    """A released distribution: the count of every answer category of one question at one level.

    ``ids`` are the records the counts come from (category records, then
    the blank record), so a chart drawn from it can be traced.
    """

    question: str
    labels: tuple[str, ...]
    substantive: tuple[bool, ...]
    counts: tuple[int, ...]
    missing: int
    ids: tuple[str, ...] = ()
    in_base: tuple[bool, ...] = ()
    """Which categories count in the base of the sheet's shares (all when empty): "Ved ikke" in or out."""
    top: tuple[bool, ...] = ()
    """Which categories make up the top box (none when empty)."""
    top_label: str = ""
    """The top box's label, e.g. "i høj eller meget høj grad"."""
    decimals: int = 0
    """Decimals of the top box in all as the text prints it (1 for the national figure, "65,7")."""
    neutral: int | None = None
    """Position (in ``labels``) of the questionnaire's neutral category, None when it names none (``Scale.neutral``)."""

    @property
    def base(self) -> int:
        """The base of the sheet's shares: answers, "Ved ikke" included unless the Release takes it out."""
        return sum(c for c, b in zip(self.counts, self.in_base or (True,) * len(self.counts), strict=True) if b)

    @property
    def top_count(self) -> int:
        """Answers in the top box."""
        return sum(c for c, t in zip(self.counts, self.top or (False,) * len(self.counts), strict=True) if t)

    @property
    def answered(self) -> int:
        """Respondents who answered (non-substantive answers included)."""
        return sum(self.counts)

    @property
    def substantive_base(self) -> int:
        """Respondents who answered on the scale proper."""
        return sum(c for c, s in zip(self.counts, self.substantive, strict=True) if s)

    @property
    def respondents(self) -> int:
        """Respondents, answered or not."""
        return self.answered + self.missing


class Released:
    """One specialty's view of a Release: the records a fact sheet reads, by question and group.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> view = Released(build_release(demo_survey()), "Dermatologi")
    >>> r = view.share("understoetter_kvalitet")
    >>> r.count, r.base, r.id
    (52, 73, '2025/Dermatologi/understoetter_kvalitet/top_box/specialty')
    """

    def __init__(self, release: Release, specialty: str) -> None:
        if specialty not in release.specialties:
            raise KeyError(f"{specialty!r} is not a specialty of this release; there are {list(release.specialties)}")
        self.release = release
        self.specialty = specialty

    # -- questions --------------------------------------------------------------------------------

    def has(self, *questions: str) -> bool:
        """Whether the release holds these (closed) questions.

        Parameters
        ----------
        *questions
            Question ids.
        """
        return all(q in self.release.questions for q in questions)

    def meta(self, question: str) -> dict[str, object]:
        """The question's wording, section, battery, categories and groups (a copy of the Release's).

        Parameters
        ----------
        question
            The question's id.
        """
        return dict(self.release.questions[question])

    def text(self, question: str) -> str:
        """The question's wording.

        Parameters
        ----------
        question
            The question's id.
        """
        return str(self.release.questions[question]["text"])

    def section(self, question: str) -> str:
        """The heading of the question's section.

        Parameters
        ----------
        question
            The question's id.
        """
        return str(self.release.questions[question].get("section") or "")

    def items(self, battery: str) -> list[tuple[str, str]]:
        """(question id, item text) of a battery's items in the release, in questionnaire order.

        Parameters
        ----------
        battery
            The battery's id.
        """
        return [
            (q, str(m.get("item") or m["text"]))
            for q, m in self.release.questions.items()
            if m.get("battery") == battery
        ]

    def battery_title(self, battery: str) -> str:
        """The title of a battery (the question its items answer); its id when the questionnaire gives none.

        Parameters
        ----------
        battery
            The battery's id.
        """
        for m in self.release.questions.values():
            if m.get("battery") == battery and m.get("battery_title"):
                return str(m["battery_title"])
        return battery

    def top_box(self, question: str) -> str | None:
        """The question's top-box group (None when its scale has none).

        Parameters
        ----------
        question
            The question's id.
        """
        value = self.release.questions[question].get("top_box")
        return None if value is None else str(value)

    def groups(self, question: str) -> tuple[str, ...]:
        """The named groups of the question's scale.

        Parameters
        ----------
        question
            The question's id.
        """
        return tuple(cast(dict[str, object], self.release.questions[question].get("groups") or {}))

    # -- figures ----------------------------------------------------------------------------------

    def _require(self, record: Record | None, what: str) -> Record:
        if record is None:
            raise KeyError(f"{self.specialty}: the release has no {what}")
        return record

    def share(self, question: str, group: str | None = None, *, cluster: str | None = None) -> Record:
        """The group record (the top box unless named) of the specialty, or of one of its clusters.

        Parameters
        ----------
        question
            The question's id.
        group
            The group's name; the question's top box when None.
        cluster
            One of the specialty's clusters; the specialty itself when None.
        """
        group = group or self.top_box(question)
        found = self.release.find("group", group or "", question=question, specialty=self.specialty, cluster=cluster)
        return self._require(found, f"{group} share of {question!r}")

    def national_share(self, question: str, group: str | None = None) -> Record:
        """The nation's group record.

        Parameters
        ----------
        question
            The question's id.
        group
            The group's name; the question's top box when None.
        """
        group = group or self.top_box(question)
        return self._require(self.release.find("group", group or "", question=question), f"national {group}")

    def national(self, question: str) -> Record | None:
        """The national average the specialty is compared with (its method in ``method``).

        Parameters
        ----------
        question
            The question's id.
        """
        return self.release.find("national", f"national:{self.top_box(question)}", question=question)

    def derived(self, kind: str, question: str) -> Record | None:
        """The specialty's spread, comparison, heterogeneity or weighted record of the top box.

        Parameters
        ----------
        kind
            ``"spread"``, ``"comparison"``, ``"heterogeneity"`` or ``"weighted"``.
        question
            The question's id.
        """
        return self.release.find(kind, f"{kind}:{self.top_box(question)}", question=question, specialty=self.specialty)

    def clusters(self) -> tuple[str, ...]:
        """The specialty's clusters, in roster order."""
        return self.release.clusters_of(self.specialty)

    def cluster_shares(self, question: str) -> list[tuple[str, Record]]:
        """(cluster, top-box record) of every cluster, in roster order; hidden ones carry no figure.

        Parameters
        ----------
        question
            The question's id.
        """
        return [(c, self.share(question, cluster=c)) for c in self.clusters()]

    def response(self, cluster: str | None = None, *, nation: bool = False) -> Record:
        """The response-rate record of the specialty, a cluster or (``nation=True``) the country.

        Parameters
        ----------
        cluster
            One of the specialty's clusters; the specialty itself when None.
        nation
            The whole country's record instead.
        """
        specialty = None if nation else self.specialty
        found = self.release.find("response", "response_rate", specialty=specialty, cluster=cluster)
        return self._require(found, "response rate")

    def categories(self, question: str, *, nation: bool = False) -> Categories | None:
        """Every category's count at the specialty (or the nation); None when the distribution is hidden.

        The counts come with what a chart needs to know of the scale: which
        categories are substantive, in the base and in the top box, and the
        questionnaire's neutral category where it names one.

        Parameters
        ----------
        question
            The question's id.
        nation
            The whole country's distribution instead of the specialty's.
        """
        specialty = None if nation else self.specialty
        meta = self.release.questions[question]
        options = cast(list[dict[str, object]], meta["categories"])
        records = [
            self.release.find("category", f"category:{o['label']}", question=question, specialty=specialty)
            for o in options
        ]
        blank = self.release.find("blank", "blank", question=question, specialty=specialty)
        if blank is None or not blank.shown or any(r is None or not r.shown for r in records):
            return None
        shown = [r for r in records if r is not None]
        substantive = tuple(bool(o["substantive"]) for o in options)
        labels = tuple(str(o["label"]) for o in options)
        top_box = self.top_box(question)
        groups = cast(dict[str, dict[str, object]], meta.get("groups") or {})
        top_group = groups.get(top_box or "", {})
        top_categories = set(cast(list[str], top_group.get("categories", [])))
        exclude = self.release.options.ved_ikke == "exclude"
        neutral = meta.get("neutral")  # a release written before it was carried has none
        return Categories(
            question,
            labels,
            substantive,
            tuple(r.count or 0 for r in shown),
            blank.count or 0,
            tuple(r.id for r in (*shown, blank)),
            in_base=substantive if exclude else (True,) * len(labels),
            top=tuple(label in top_categories for label in labels),
            top_label=str(top_group.get("label", "")),
            decimals=1 if nation else 0,
            neutral=next((i for i, o in enumerate(options) if neutral is not None and o["code"] == neutral), None),
        )
