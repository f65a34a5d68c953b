"""Read a 100,000-respondent SurveyXact export (workbook and CSV trio): klyngestat against pandas' own readers.

Run: python benchmarks/bench_surveyxact.py [--rows N] [--rebuild]

Builds (once, into benchmarks/out/) an export of the fixture's design (tests/io/fixtures/surveyxact/): the
Excel download (sheets Labels, Dataset, Structure) and the CSV download (UTF-16 LE, tab, CRLF), with 16
specialties, names and e-mails, free text and the multiple-choice question. Then, each in a fresh
process, it times and measures the peak memory (how far the peak resident set size rises above the
process's size after its imports; the kernel's peak mark is reset first where Linux allows) of:

- ``read_surveyxact`` of the workbook and of the CSV trio: reading all three tables, mapping every code
  through the Labels table, the status dummies, and the full validation into a Survey;
- ``pandas.read_excel`` of the workbook's Dataset sheet (openpyxl, and calamine when installed), and
  ``pandas.read_csv`` of the dataset CSV: the raw table only, no labels, no checks.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))

from tests.io.fixtures.surveyxact import make_fixtures as mf  # noqa: E402

SPECIALTIES = [
    "Anæstesiologi",
    "Børne- og ungdomspsykiatri",
    "Dermatologi",
    "Gynækologi og obstetrik",
    "Intern medicin",
    "Kirurgi",
    "Neurologi",
    "Oftalmologi",
    "Ortopædisk kirurgi",
    "Oto-rhino-laryngologi",
    "Plastikkirurgi",
    "Psykiatri",
    "Pædiatri",
    "Radiologi",
    "Reumatologi",
    "Urologi",
]


def export_tables(rows: int, seed: int = 7) -> mf.ExportTables:
    """The fixture's export design at ``rows`` respondents, generated column-wise."""
    rng = np.random.default_rng(seed)
    design = mf.export_tables([])
    header = design.dataset_header
    status = rng.choice(np.arange(1, 6), size=rows, p=[0.02, 0.25, 0.05, 0.65, 0.03])
    answering = np.isin(status, [3, 4])
    columns: dict[str, np.ndarray] = {
        "survey": np.full(rows, mf.SURVEY_ID, dtype=object),
        "respondentid": np.arange(50_000_001, 50_000_001 + rows).astype(object),
        "organization": np.full(rows, 10422, dtype=object),
        "speciale": rng.integers(1, len(SPECIALTIES) + 1, size=rows).astype(object),
        "klynge": np.array([f"Klynge {k}" for k in range(1, 121)], dtype=object)[rng.integers(0, 120, size=rows)],
        "navn": np.array([f"Læge nr. {i}" for i in range(rows)], dtype=object),
        "email": np.array([f"laege{i}@klinik.dk" for i in range(rows)], dtype=object),
        "created": np.full(rows, "2026-02-02 09:00:00", dtype=object),
        "closetime": np.where(status == 4, "2026-02-05 10:00:00", None).astype(object),
        "difftime": np.where(status == 4, rng.integers(60, 3000, size=rows), None).astype(object),
    }
    for k in range(1, 6):
        columns[f"statoverall_{k}"] = (status == k).astype(float).astype(object)
    for single in mf.SINGLES:
        codes = np.array([c for c, _ in single.labels], dtype=object)
        answers = codes[rng.integers(0, len(codes), size=rows)]
        columns[single.variable] = np.where(answering & (rng.random(rows) > 0.03), answers, None)
    ticked = rng.integers(0, len(mf.BARRIERE) + 1, size=rows)
    for k, _, _ in mf.BARRIERE:
        columns[f"s_5_{k}"] = np.where(answering, (ticked == k).astype(int), None).astype(object)
    texts = np.array(mf.FORBEDRINGER_TEKST + mf.KOMMENTARER, dtype=object)
    for variable in ("s_7", "s_8", "s_9"):
        columns[variable] = np.where(
            answering & (rng.random(rows) < 0.1), texts[rng.integers(0, len(texts), rows)], None
        )
    dataset = [list(row) for row in zip(*(columns[name].tolist() for name in header), strict=True)]
    labels = [row for row in design.labels if row[0] != "speciale"]
    labels = [("speciale", code, name) for code, name in enumerate(SPECIALTIES, start=1)] + labels
    return mf.ExportTables(header, dataset, labels, design.structure_header, design.structure, [], [])


def build(rows: int, rebuild: bool) -> tuple[Path, Path]:
    workbook, trio = OUT / f"surveyxact_{rows}.xlsx", OUT / f"surveyxact_{rows}_csv"
    if not rebuild and workbook.exists() and (trio / "dataset.csv").exists():
        return workbook, trio
    OUT.mkdir(exist_ok=True)
    start = time.perf_counter()
    tables = export_tables(rows)
    print(
        f"generated {rows:,} respondents × {len(tables.dataset_header)} variables in "
        f"{time.perf_counter() - start:.1f} s",
        flush=True,
    )
    start = time.perf_counter()
    mf.write_csv_trio(tables, trio)
    print(f"wrote the CSV trio in {time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    _write_workbook(tables, workbook)
    print(f"wrote the workbook in {time.perf_counter() - start:.1f} s", flush=True)
    return workbook, trio


def _write_workbook(tables: mf.ExportTables, path: Path) -> None:
    """The Excel download, written row by row; text that starts with "=" stays text, as in an export.

    openpyxl stores such a string as a formula, which the reader reports as one
    without a saved value (test fixtures do the same, make_fixtures._append).
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)

    def as_text(sheet: object, row: list[object]) -> list[object]:
        cells: list[object] = []
        for value in row:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        return cells

    for name, header, rows in (
        ("Labels", None, tables.labels),
        ("Dataset", tables.dataset_header, tables.dataset),
        ("Structure", tables.structure_header, tables.structure),
    ):
        sheet = book.create_sheet(name)
        if header is not None:
            sheet.append(list(header))
        for row in rows:
            sheet.append(as_text(sheet, list(row)))
    book.save(path)


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))
    except (OSError, StopIteration):
        return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux), so the peak measured is the reader's own."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def measure(kind: str, path: str) -> dict[str, float]:
    """Run one reader in this process: its time, and how far its peak resident memory rises above the start."""
    from klyngestat import read_surveyxact
    from klyngestat.models.mapping import example_mapping_path

    readers = {
        "read_surveyxact": lambda: read_surveyxact(path, example_mapping_path()),
        "read_excel_openpyxl": lambda: pd.read_excel(path, sheet_name="Dataset", engine="openpyxl"),
        "read_excel_calamine": lambda: pd.read_excel(path, sheet_name="Dataset", engine="calamine"),
        "read_csv": lambda: pd.read_csv(Path(path) / "dataset.csv", sep="\t", encoding="utf-16"),
    }
    exact = _reset_peak()
    before = _status_kb("VmRSS") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = readers[kind]()
    seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = len(result.frame) if hasattr(result, "frame") else len(result)
    return {"seconds": seconds, "peak_mb": ((peak or 0) - (before or 0)) / 1024, "rows": rows}


def _run(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="write the export again even if it exists")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    workbook, trio = build(args.rows, args.rebuild)
    try:
        import python_calamine  # noqa: F401

        calamine = True
    except ImportError:
        calamine = False
    runs = [
        ("workbook", "klyngestat read_surveyxact", "read_surveyxact", workbook),
        ("workbook", "pandas read_excel (openpyxl)", "read_excel_openpyxl", workbook),
        *([("workbook", "pandas read_excel (calamine)", "read_excel_calamine", workbook)] if calamine else []),
        ("CSV trio", "klyngestat read_surveyxact", "read_surveyxact", trio),
        ("CSV trio", "pandas read_csv (dataset only)", "read_csv", trio),
    ]
    print(
        f"\n{args.rows:,} respondents; workbook {workbook.stat().st_size / 2**20:.1f} MB, "
        f"dataset.csv {(trio / 'dataset.csv').stat().st_size / 2**20:.1f} MB (UTF-16)"
    )
    print(f"{'form':<9} {'reader':<32} {'rows':>8} {'time':>9} {'peak memory':>12}")
    for form, name, kind, path in runs:
        figures = _run(kind, path)
        print(
            f"{form:<9} {name:<32} {int(figures['rows']):>8,} {figures['seconds']:>7.2f} s "
            f"{figures['peak_mb']:>9.0f} MB",
            flush=True,
        )
    print("klyngestat's rows are the invited persons (status 1, never distributed, is left out).")


if __name__ == "__main__":
    main()
