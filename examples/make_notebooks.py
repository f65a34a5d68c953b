"""Write the example notebooks of examples/ (without outputs) from the cells below.

    python examples/make_notebooks.py

The notebooks are generated so that their text stays reviewable in this one
file; edit the cells here, run the script and commit both. tests/test_examples.py
runs every notebook top to bottom.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

Cell = tuple[str, str]


def md(text: str) -> Cell:
    return ("markdown", text.strip("\n"))


def code(text: str) -> Cell:
    return ("code", text.strip("\n"))


NOTEBOOKS: dict[str, list[Cell]] = {}

NOTEBOOKS["01_load_and_validate.ipynb"] = [
    md("""
# 1. Load the demo survey and validate a messy file

klyngestat reads the survey export (one row per *invited* person), validates
it, and gives you a `Survey`: one pandas frame plus the questionnaire, the
roster of cluster member counts and the wave's year. This notebook

1. loads the bundled, synthetic demo survey,
2. writes a messy file of the kind Danish Excel produces (cp1252, semicolons)
   with two mistakes in it, and shows how the validation report finds them all at once,
3. fixes the file and reads it.

See `docs/input.md` for the input format and every problem code.
"""),
    code("""
from pathlib import Path

import pandas as pd

import klyngestat as ks
from klyngestat.data import demo_survey_path
"""),
    md("""
## The demo survey

`ks.demo_survey()` reads the bundled demo file with its roster. A Survey shows
itself as a table of each specialty's invited, respondents, roster members and
response rate (no cluster figures, so nothing needs to be suppressed).
"""),
    code("""
survey = ks.demo_survey()
survey
"""),
    code("""
print(repr(survey))
survey.closed_questions[:5]
"""),
    md("""
The frame has one row per invited person: the four id columns, then one
ordered categorical per closed question (categories are the scale's labels).
"""),
    code("""
survey.frame[["respondent_id", "specialty", "cluster", "status", "understoetter_kvalitet"]].head()
"""),
    md("""
Reading never silently drops anything: warnings and notes are kept in
`survey.report` (here: clusters whose roster members differ from the invited count).
"""),
    code("""
survey.report
"""),
    md("""
## A messy file

Take the Plastikkirurgi rows of the demo file and break them the way real exports break:

- the file is saved as cp1252 with semicolons, as Danish Excel writes CSV (this alone is fine);
- one respondent id appears twice;
- one answer is not a label of the question's scale.
"""),
    code("""
demo = pd.read_csv(demo_survey_path(), dtype=str, keep_default_na=False)
original = demo[demo["specialty"] == "Plastikkirurgi"].reset_index(drop=True)
messy = original.copy()
respondents = messy.index[messy["status"] == "completed"]

messy.loc[respondents[1], "respondent_id"] = messy.loc[respondents[0], "respondent_id"]  # a duplicate id
messy.loc[respondents[2], "understoetter_kvalitet"] = "I rigtig høj grad"  # not a label of the scale
messy.to_csv("messy.csv", sep=";", index=False, encoding="cp1252")

print(Path("messy.csv").read_bytes()[:120])
"""),
    md("""
`validate_file` reports every problem at once, each with its file, line (the
header is line 1), column, value and what was expected. It never raises for bad data.
"""),
    code("""
report = ks.validate_file("messy.csv")
report
"""),
    code("""
print(report.ok)
print(report)
"""),
    md("""
`read_survey` refuses a file with errors, and the exception carries the same report:
"""),
    code("""
try:
    ks.read_survey("messy.csv")
except ks.SurveyValidationError as error:
    print(f"{len(error.report.errors)} errors, e.g.:", error.report.errors[0])
"""),
    md("""
## Fix it and read it

Give the second person their own id back and correct the answer (here: to what
they were); then the file reads, still as cp1252 with semicolons: 14 of the 20
invited answered, 70 pct.
"""),
    code("""
fixed = messy.copy()
fixed.loc[respondents[1], "respondent_id"] = original.loc[respondents[1], "respondent_id"]
fixed.loc[respondents[2], "understoetter_kvalitet"] = original.loc[respondents[2], "understoetter_kvalitet"]
fixed.to_csv("fixed.csv", sep=";", index=False, encoding="cp1252")

plastik = ks.read_survey("fixed.csv", year=2025)
plastik
"""),
    code("""
ks.response_rates(plastik, by="cluster")
"""),
]

NOTEBOOKS["02_factsheet_figures.ipynb"] = [
    md("""
# 2. The figures of a fact sheet

Every figure of a fact sheet is a plain function of a `Survey` that returns a
frozen result. The result keeps its exact counts and base (as
`fractions.Fraction`); rounding happens once, for display, half up, in Danish:
shares as whole percent ("71 pct."), rates and national figures with one
decimal, dropped when it is zero ("67,3 pct.", "70 pct."). In a notebook each
result shows itself as a small table; `.to_frame()` gives the tidy DataFrame
and `.to_dict()` the JSON-able form. See `docs/definitions.md`.
"""),
    code("""
import klyngestat as ks
from klyngestat.present.formatting import format_count_of, format_number, format_percentage_points

survey = ks.demo_survey()
"""),
    md("""
## Response rate

Respondents (completed or partial) of the invited. The roster's member count
is kept beside it but is never the denominator.
"""),
    code("""
rate = ks.response_rate(survey, specialty="Dermatologi")
rate
"""),
    code("""
format_count_of(rate.respondents, rate.invited), rate.fraction, ks.format_rate(rate.fraction)
"""),
    code("""
ks.format_rate(ks.response_rate(survey, specialty="Plastikkirurgi").fraction)
"""),
    md("""
## Top box, with its base

"I høj eller meget høj grad" of those who answered the question: 52 of 73,
not of the 74 respondents (one left it blank). "Ved ikke" is in the base by
default; `ved_ikke="exclude"` takes it out.
"""),
    code("""
top = ks.group_share(survey, "understoetter_kvalitet", specialty="Dermatologi")
top
"""),
    code("""
(top.count, top.base), ks.format_share(top.fraction)
"""),
    code("""
without = ks.group_share(survey, "understoetter_kvalitet", specialty="Dermatologi", ved_ikke="exclude")
(without.count, without.base), ks.format_share(without.fraction)
"""),
    md("""
The whole answer distribution, with "Ved ikke" and blanks apart:
"""),
    code("""
ks.distribution(survey, "understoetter_kvalitet", specialty="Dermatologi")
"""),
    md("""
## Cluster spread

The lowest and highest cluster share among the clusters with enough answers
to show ("fra 58 til 88 pct."). Clusters with fewer than 5 answers are not
shown, nor are the clusters that would let them be worked out by subtraction
(complementary suppression); they take no part in the spread.
"""),
    code("""
spread = ks.cluster_spread(survey, "understoetter_kvalitet", specialty="Dermatologi")
spread
"""),
    code("""
f"fra {format_number(spread.low.fraction * 100)} til {ks.format_share(spread.high.fraction)}"
"""),
    md("""
A specialty with a small cluster: the table shows only the clusters that may be shown.
"""),
    code("""
small = ks.cluster_spread(survey, "forbedringer", specialty="Anæstesiologi")
small
"""),
    code("""
len(small.shown), len(small.hidden)
"""),
    md("""
The statistics' own tables are the analyst's working figures: they show every
cluster in full, the small one included, captioned "Analyse – ikke frigivne
tal". What may be published comes from a Release (`ks.build_release`), which
hides small clusters and the clusters that would reveal them:
"""),
    code("""
ks.group_shares(survey, "forbedringer", by="cluster", specialty="Anæstesiologi")
"""),
    md("""
## National average

Pooled over every respondent of every specialty by default; the unweighted
mean of the specialties is the alternative (and a published reference figure
the third). The method is always named.
"""),
    code("""
national = ks.national_average(survey, "understoetter_kvalitet")
national
"""),
    code("""
ks.format_rate(national.fraction), national.count, national.base
"""),
    code("""
ks.national_average(survey, "understoetter_kvalitet", method="mean_of_specialties")
"""),
    md("""
## Comparison with the national figure

The difference in percentage points, exactly, and its wording class. The
wording describes size only: how sure a difference is, is notebook 4's subject.
"""),
    code("""
comparison = ks.compare_with_national(
    ks.group_share(survey, "forbedringer", specialty="Plastikkirurgi"),
    ks.national_average(survey, "forbedringer"),
)
comparison
"""),
    code("""
comparison.wording, format_percentage_points(comparison.difference)
"""),
    md("""
## Everything for one specialty

`specialty_summary` gathers the figures of one fact sheet: one row per closed
question with the share, the cluster spread (shown clusters only), the
national figure and the comparison. Its `.to_dict()` is the same figures as
one nested, JSON-able document. These are working figures; the published ones,
and the JSON of `klyngestat stats` (`docs/json.md`), come from a Release.
"""),
    code("""
summary = ks.specialty_summary(survey, "Dermatologi", uncertainty=False)
summary
"""),
    md("""
## Rounding

Half up on the exact value, never binary floating point's or Python's
half-to-even:
"""),
    code("""
from fractions import Fraction

round(12.5), ks.round_half_up(12.5), ks.format_share(Fraction(1, 8)), ks.format_rate(Fraction(460, 700))
"""),
]

NOTEBOOKS["03_charts_and_factsheet.ipynb"] = [
    md("""
# 3. Charts and the fact sheet

Everything a fact sheet shows comes from the Release: one disclosure-controlled
record per publishable figure (`docs/release.md`). The charts of
`klyngestat.present.charts` draw released records; they are matplotlib Figures
made without pyplot (install the `plot` extra), shown inline in the notebook.
Then `build_factsheet` renders a whole fact sheet from the Release and
`write_factsheet` writes it as HTML (or Markdown, or PDF with the `pdf` extra).
See `docs/factsheets.md`.
"""),
    code("""
%matplotlib inline
import klyngestat as ks
from klyngestat.present import charts
from klyngestat.present.figures import Released

release = ks.build_release(ks.demo_survey())
specialty = "Dermatologi"
question = "understoetter_kvalitet"
view = Released(release, specialty)
"""),
    md("""
## Diverging Likert bars

One bar per released distribution (the specialty, the nation), centred between
the negative and positive sides, with "Ved ikke" and blanks in panels of their
own and n beside every label. Clusters publish their top box only.
"""),
    code("""
rows = [(specialty, view.categories(question)), ("Landsgennemsnit", view.categories(question, nation=True))]
charts.likert_chart(rows, title=view.text(question))
"""),
    md("""
## A grouped share with the national line

A cluster the Release hides is drawn as hidden, with the same words whatever
the rule that hid it.
"""),
    code("""
plastik = Released(release, "Plastikkirurgi")
rows = [("Plastikkirurgi", plastik.share("forbedringer")), *plastik.cluster_shares("forbedringer")]
charts.share_chart(rows, national=plastik.national("forbedringer").fraction)
"""),
    md("""
## A ranking of a battery's items
"""),
    code("""
items = [(text, view.share(q)) for q, text in view.items("motivation")]
charts.ranking_chart(items, title=view.battery_title("motivation"))
"""),
    md("""
## The fact sheet

`ks.build_factsheet` reads every figure from the Release and generates every
sentence; the result is data (sections of paragraphs and charts, each with the
ids of its records) until it is rendered.
"""),
    code("""
from klyngestat.present.render import draw_chart

sheet = ks.build_factsheet(release, "Plastikkirurgi")
[section.heading for section in sheet.sections]
"""),
    code("""
sheet.sources[:3], release.explain(sheet.sources[0])
"""),
    code("""
print(sheet.text()[:700])
"""),
    code("""
draw_chart(sheet.charts[1])
"""),
    code("""
written = ks.write_factsheet(sheet, "plastikkirurgi.html", fmt="html")
[(path.name, path.stat().st_size) for path in written]
"""),
    md("""
PDF needs WeasyPrint (`pip install 'klyngestat[pdf]'`) and the system's Pango;
the cell skips it where it is missing.
"""),
    code("""
import importlib.util

if importlib.util.find_spec("weasyprint") is not None:
    pdf = ks.write_factsheet(sheet, "plastikkirurgi.pdf", fmt="pdf")[0]
    print(pdf.name, pdf.read_bytes()[:5])
else:
    print("WeasyPrint is not installed: no PDF")
"""),
]

NOTEBOOKS["04_intervals_and_comparisons.ipynb"] = [
    md("""
# 4. Intervals and comparisons

The populations are small and finite: a cluster of 8, a specialty of 20. So
intervals can use the finite population correction (the members are the
population), and an exact hypergeometric interval is offered beside Wilson and
Clopper–Pearson. A specialty is compared with the *rest* of the country (it is
part of the national figure); whether clusters differ more than chance allows
is tested exactly or by permutation. See `docs/statistics.md`.
"""),
    code("""
import pandas as pd

import klyngestat as ks
from klyngestat.present.formatting import format_number
from klyngestat.stats.intervals import proportion_interval
from klyngestat.stats.significance import cluster_heterogeneity, specialty_vs_rest
from klyngestat.stats.weights import weighted_share

survey = ks.demo_survey()
"""),
    md("""
## An interval for a share

Dermatologi's 52 of 73: Wilson without and with the finite population
correction (111 members), Clopper–Pearson, and the exact hypergeometric interval.
"""),
    code("""
top = ks.group_share(survey, "understoetter_kvalitet", specialty="Dermatologi")
members = ks.response_rate(survey, specialty="Dermatologi").members
intervals = [
    proportion_interval(top.count, top.base),
    proportion_interval(top.count, top.base, population=members),
    proportion_interval(top.count, top.base, method="clopper_pearson", population=members),
    proportion_interval(top.count, top.base, method="hypergeometric", population=members),
]
table = pd.concat([i.to_frame() for i in intervals], ignore_index=True)
table[["method", "population", "fpc_applied", "share", "low", "high"]]
"""),
    code("""
i = intervals[1]
f"{ks.format_share(top.fraction)} (95 pct.-interval: {format_number(i.low * 100)}–{ks.format_share(i.high)})"
"""),
    md("""
## A specialty against the rest of the country

Fisher's exact test on the 2×2 table (specialty, rest) × (in group, not), and
the difference with its interval in percentage points.
"""),
    code("""
rest = specialty_vs_rest(survey, "forbedringer", specialty="Plastikkirurgi")
rest.to_frame()
"""),
    code("""
rest.table, round(rest.pvalue, 3)
"""),
    md("""
## Do the clusters differ more than chance allows?

A permutation test (seeded, so it is reproducible) on the clusters with at
least 5 answers; the others are left out and named.
"""),
    code("""
het = cluster_heterogeneity(survey, "understoetter_kvalitet", specialty="Dermatologi", n_resamples=999, min_n=5)
het.statistic, het.df, het.pvalue, het.excluded
"""),
    code("""
het.to_frame()
"""),
    md("""
## Weighting to the clusters' sizes

Clusters answer at different rates; post-stratifying to the roster's member
counts weighs each cluster by its size.
"""),
    code("""
weighted = weighted_share(survey, "understoetter_kvalitet", specialty="Dermatologi")
weighted.to_frame()[["count", "base", "share", "weighted_share", "efficiency", "low", "high"]]
"""),
]


def build(cells: list[Cell]) -> nbformat.NotebookNode:
    """A notebook of these cells, with no outputs and the python3 kernel."""
    notebook = new_notebook(
        cells=[new_markdown_cell(text) if kind == "markdown" else new_code_cell(text) for kind, text in cells],
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number:02d}"  # stable ids: regenerating gives the same file
    nbformat.validate(notebook)
    return notebook


def main() -> int:
    for name, cells in NOTEBOOKS.items():
        nbformat.write(build(cells), HERE / name)
        print(HERE / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
