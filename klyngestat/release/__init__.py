"""The Release: disclosure control and result records, the one door out for every published figure.

Build one per wave with :func:`build_release`; every output (JSON, tables,
fact sheets, charts, notebook displays) renders from its records. See
``docs/release.md``.
"""

from klyngestat.release.audit import AuditReport, Pin, audit_releases
from klyngestat.release.build import POOLED, build_release
from klyngestat.release.core import RELEASE_SCHEMA_VERSION, DisclosureError, Release, load_release
from klyngestat.release.free_text import free_text_table, write_free_text
from klyngestat.release.options import DEFAULT_MIN_N, ReleaseOptions
from klyngestat.release.records import Record, record_id

__all__ = [
    "DEFAULT_MIN_N",
    "POOLED",
    "RELEASE_SCHEMA_VERSION",
    "AuditReport",
    "DisclosureError",
    "Pin",
    "Record",
    "Release",
    "ReleaseOptions",
    "audit_releases",
    "build_release",
    "free_text_table",
    "load_release",
    "record_id",
    "write_free_text",
]
