"""Bulk import of organisations from CSV and XLSX (the slimme tool's output and the other sources).

Steps: read the file (size and type checked; an .xlsx held to LIMITS as a zip before openpyxl opens it),
map its columns to fields, validate every row with pre-fetched look-ups (SBI codes, provinces, existing KvK
numbers), plan (create / update / review), then write in one transaction with bulk operations in batches. A
file with any row error is refused whole: nothing is saved. Reading and planning happen before that
transaction opens (on SQLite an open transaction holds the write lock: issue 15, finding 3).

A file exported from the register carries each organisation's version ('Versie'): a row that would update
an organisation changed since the export is an error (finding 7), as a stale edit in the browser is.

De-duplication: on the KvK number (an existing number updates that organisation and adds the source); a row
without a number whose name resembles an organisation in the same province is not created but put up for
review (FuzzyMatch), where a person merges it or creates it as new.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.authorization import Permit, require
from accounts.models import User
from catalogue.models import Province, SbiCode
from catalogue.services import sbi_normalize, sbi_resolve
from regiekamer.uploads import UploadRefused, XlsxLimits, check_xlsx

from . import classify
from .models import (
    ChainPosition,
    FuzzyMatch,
    ImportBatch,
    Organisation,
    OrganisationSource,
    OrganisationType,
    SizeClass,
    Source,
)
from .signals import register_written

MAX_BYTES = 10 * 1024 * 1024  # 10 MB
MAX_ROWS = 200_000  # rows with data (a register of the whole country's manufacturing firms fits)
MAX_COLUMNS = 100
LIMITS = XlsxLimits(
    max_bytes=MAX_BYTES,
    max_unpacked_bytes=60 * 1024 * 1024,  # 1,000,000 cells with their shared strings unpack to about 50 MB
    max_cells=1_000_000,
    max_rows=999_999,
    max_columns=MAX_COLUMNS,
)
BATCH_SIZE = 2000
PROGRESS_EVERY = 1000  # rows checked between two progress reports
XLSX_MAGIC = b"PK\x03\x04"

# Target field -> (label, header aliases as the sources write them; compared lower-case without punctuation)
FIELDS: dict[str, tuple] = {
    "kvk_number": (
        gettext_lazy("KvK number"),
        ("kvk", "kvknummer", "kvk nummer", "kvk number", "coc number"),
    ),
    "name": (
        gettext_lazy("Name"),
        ("naam", "name", "bedrijfsnaam", "organisatie", "organisation", "bedrijf"),
    ),
    "org_type": (gettext_lazy("Type"), ("type", "soort", "org type", "organisatietype")),
    "sbi_codes": (gettext_lazy("SBI codes"), ("sbi", "sbi code", "sbi codes", "sbicode", "sbi codes")),
    "province": (gettext_lazy("Province"), ("provincie", "province")),
    "size_class": (
        gettext_lazy("Size class"),
        ("grootteklasse", "size class", "grootte", "werknemers", "medewerkers", "employees", "size"),
    ),
    "establishments": (
        gettext_lazy("Establishments (LISA)"),
        ("vestigingen", "establishments", "lisa", "aantal vestigingen"),
    ),
    "website": (gettext_lazy("Website"), ("website", "url", "web")),
    "chain_position": (
        gettext_lazy("Chain position"),
        ("ketenpositie", "chain position", "positie in keten", "keten"),
    ),
    "reference": (gettext_lazy("Reference in the source"), ("referentie", "reference", "id", "bron id")),
    # The version of each organisation in a file exported from the register (stakeholders.exports).
    "version": (gettext_lazy("Version (of an exported register)"), ("versie", "version")),
}
REQUIRED = ("name",)

TYPE_WORDS = {
    "bedrijf": "company",
    "onderneming": "company",
    "kennisinstelling": "knowledge_institute",
    "financiele instelling": "financial_institution",
    "financiële instelling": "financial_institution",
    "financier": "financial_institution",
    "organisatie": "organisation",
    "branche": "organisation",
    "stichting": "foundation",
    "overheid": "government",
    "gemeente": "government",
    "provincie": "government",
}
CHAIN_WORDS = {
    "grondstoffenproducent": "raw_material_producer",
    "toeleverancier": "supplier",
    "producent": "producer",
    "afnemer": "customer",
    "distributeur": "distributor",
    "inkoper": "buyer",
    "inkopers": "buyer",
    "retail": "retail",
    "handel": "retail",
    "retail/handel": "retail",
}
SIZE_WORDS = {"0-50": "0-50", "51-100": "51-100", ">100": ">100", "100+": ">100", "meer dan 100": ">100"}


class ImportFileError(Exception):
    """The file itself is refused (too large, wrong type, unreadable, wrong columns)."""


@dataclass(frozen=True)
class RowError:
    row: int  # row number as the spreadsheet shows it (header = 1)
    column: str
    value: str
    message: str


@dataclass
class ParsedRow:
    number: int
    values: dict
    sbi_ids: list[int] = field(default_factory=list)
    sbi_new: list[str] = field(default_factory=list)  # valid codes to add to the catalogue on import
    reference: str = ""
    version: int | None = None  # the organisation's version in the file it was exported to


@dataclass
class ImportPlan:
    total: int = 0
    creates: list[ParsedRow] = field(default_factory=list)
    updates: list[tuple[ParsedRow, int]] = field(default_factory=list)  # row, existing pk
    reviews: list[tuple[ParsedRow, int, float]] = field(default_factory=list)  # row, candidate pk, score
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-zà-ÿ/+<>]+", " ", str(text).lower()).split())


def read_table(*, file_name: str, data: bytes, head: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a CSV or XLSX file, as strings. Refuses files over 10 MB, other types, an .xlsx
    past LIMITS, more than MAX_COLUMNS columns or MAX_ROWS rows with data. A blank row is an empty list.

    With `head`, only the header and the first `head` rows are read: the upload's check and the mapping
    page's preview cost the same whatever the file's length (the .xlsx limits are still checked on the whole
    workbook, which is a bounded scan). The whole file, and its row limit, is read by the import job."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is 10 MB.") % {"size": len(data) / 2**20}
        )
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        if not data.startswith(XLSX_MAGIC):
            raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook."))
        try:
            check_xlsx(data, LIMITS)
        except UploadRefused as error:
            raise ImportFileError(str(error)) from error
        return _bounded(*_read_xlsx(data, head))
    if lower.endswith(".csv") or lower.endswith(".txt"):
        if data.startswith(XLSX_MAGIC) or b"\x00" in data[:4096]:
            raise ImportFileError(_("The file is named .csv but is not a text file."))
        return _bounded(*_read_csv(data, head))
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _bounded(headers: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    while headers and not headers[-1]:
        headers.pop()  # empty header cells after the last column
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("The file has more than %(limit)s columns; remove the columns the import does not need.")
            % {"limit": MAX_COLUMNS}
        )
    return headers, rows


def _read_csv(data: bytes, head: int | None) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    filled = 0
    for row in reader:
        if head is not None and len(rows) > head:
            break
        if any(cell.strip() for cell in row):
            filled += 1
            if filled > MAX_ROWS + 1:
                raise _too_many_rows()
            rows.append(row)
        else:
            rows.append(_BLANK)
    if not rows:
        raise ImportFileError(_("The file is empty."))
    headers = [h.strip() for h in rows[0]]
    return headers, rows[1:]


_BLANK: list[str] = []  # every blank row is this one list (a file may have a million of them)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s rows with data; split it into smaller files.")
        % {"limit": number_format(MAX_ROWS, force_grouping=True)}
    )


def _read_xlsx(data: bytes, head: int | None) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(_("The workbook cannot be read: %(error)s") % {"error": exc}) from exc
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the declared dimension is the file's claim: rows are as wide as their cells
    rows: list[list[str]] = []
    width, filled = MAX_COLUMNS + 1, 0  # the header row's width once read; no row is read wider
    last = LIMITS.max_rows if head is None else head + 1
    for values in sheet.iter_rows(values_only=True, max_row=last, max_col=width):
        if not any(v is not None and str(v).strip() for v in values):
            rows.append(_BLANK)
            continue
        filled += 1
        if filled > MAX_ROWS + 1:
            workbook.close()
            raise _too_many_rows()
        row = [
            "" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
            for v in values[:width]
        ]
        if filled == 1:  # the header: the columns end at its last filled cell
            while row and not row[-1].strip():
                row.pop()
            width = len(row)
        rows.append(row)
    workbook.close()
    if not rows:
        raise ImportFileError(_("The workbook is empty."))
    return [h.strip() for h in rows[0]], rows[1:]


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Field -> header, from the aliases; unrecognised headers stay unmapped."""
    mapping = {}
    for header in headers:
        key = _key(header)
        for name, (_label, aliases) in FIELDS.items():
            if name not in mapping and (key == name.replace("_", " ") or key in aliases):
                mapping[name] = header
                break
    return mapping


def check_mapping(headers: list[str], mapping: dict[str, str]) -> None:
    """A wrong column is a file error: a mapped column the file lacks, or a required field unmapped."""
    problems = []
    for name, header in mapping.items():
        if name not in FIELDS:
            problems.append(_("Unknown field '%(field)s'.") % {"field": name})
        elif header and header not in headers:
            problems.append(
                _("Column '%(column)s' (for %(field)s) is not in the file; its columns are: %(columns)s.")
                % {"column": header, "field": FIELDS[name][0], "columns": ", ".join(headers)}
            )
    for name in REQUIRED:
        if not mapping.get(name):
            problems.append(
                _("No column is mapped to the required field %(field)s.") % {"field": FIELDS[name][0]}
            )
    used = [h for h in mapping.values() if h]
    for header in {h for h in used if used.count(h) > 1}:
        problems.append(_("Column '%(column)s' is mapped to more than one field.") % {"column": header})
    if problems:
        raise ImportFileError(" ".join(problems))


class Lookups:
    """Everything a row is checked against, fetched once per file."""

    def __init__(self, *, kvk_numbers: set[str], provinces_for_names: set[int] | None = None):
        self.sbi = dict(SbiCode.objects.values_list("code", "pk"))
        self.divisions: set[int] = set()
        for first, last in SbiCode.objects.filter(
            level=SbiCode.Level.SECTION, first_division__isnull=False, last_division__isnull=False
        ).values_list("first_division", "last_division"):
            if first is not None and last is not None:  # filtered so; the stub types them optional
                self.divisions.update(range(first, last + 1))
        self.provinces: dict[str, int] = {}
        for pk, code, name, in_figures in Province.objects.values_list(
            "pk", "code", "name", "name_in_figures"
        ):
            for text in (code, name, in_figures):
                if text:
                    self.provinces[_key(text)] = pk
        self.existing_kvk: dict[str, int] = {}
        self.versions: dict[int, int] = {}
        numbers = sorted(kvk_numbers)
        for start in range(0, len(numbers), 900):  # stay under SQLite's parameter limit
            chunk = numbers[start : start + 900]
            for number, pk, version in Organisation.objects.filter(kvk_number__in=chunk).values_list(
                "kvk_number", "pk", "version"
            ):
                if number is not None:
                    self.existing_kvk[number] = pk
                    self.versions[pk] = version
        self._by_province: dict[int | None, list[tuple[int, str]]] | None = None

    def candidates(self, province_id: int | None) -> list[tuple[int, str]]:
        """(pk, normalised name) of the organisations in a province, loaded on first use."""
        if self._by_province is None:
            self._by_province = {}
            for pk, name, prov in Organisation.objects.values_list("pk", "name", "province_id"):
                self._by_province.setdefault(prov, []).append((pk, classify.name_normalise(name)))
        return self._by_province.get(province_id, [])


_url = URLValidator(schemes=["http", "https"])


def _parse_row(
    number: int, raw: dict[str, str], lookups: Lookups, errors: list[RowError], mapping: dict[str, str]
) -> ParsedRow:
    def err(name: str, value: str, message: str) -> None:
        errors.append(RowError(number, mapping.get(name) or str(FIELDS[name][0]), value, message))

    values: dict = {}
    name = raw.get("name", "").strip()
    if not name:
        err("name", "", _("The name is empty."))
    elif len(name) > 200:
        err("name", name[:40], _("The name is longer than 200 characters."))
    values["name"] = name
    kvk_raw = raw.get("kvk_number", "")
    kvk = classify.kvk_normalise(kvk_raw)
    if kvk and not classify.kvk_is_valid(kvk):
        err("kvk_number", kvk_raw, _("A KvK number has exactly 8 digits."))
    values["kvk_number"] = kvk or None
    parsed = ParsedRow(number=number, values=values, reference=raw.get("reference", "").strip()[:200])
    if version := raw.get("version", "").strip():
        if version.isdigit():
            parsed.version = int(version)
        else:
            err("version", version, _("The version must be a whole number, as the export wrote it."))
    if sbi_text := raw.get("sbi_codes", "").strip():
        for code in re.split(r"[;,|\s]+", sbi_text):
            if not code:
                continue
            try:
                digits, _level = sbi_normalize(code)
            except ValueError as exc:
                err("sbi_codes", code, str(exc))
                continue
            pk = lookups.sbi.get(digits)
            if pk is not None:
                if pk not in parsed.sbi_ids:
                    parsed.sbi_ids.append(pk)
            elif len(digits) > 2 and int(digits[:2]) in lookups.divisions:
                # A valid code below a known division that the catalogue has no row for yet: created by
                # catalogue.services.sbi_resolve when the import is written (never during a dry run).
                if digits not in parsed.sbi_new:
                    parsed.sbi_new.append(digits)
            else:
                err("sbi_codes", code, _("Unknown SBI code %(code)s.") % {"code": code})
    if province := raw.get("province", "").strip():
        pk = lookups.provinces.get(_key(province))
        if pk is None:
            err("province", province, _("Unknown province."))
        values["province_id"] = pk
    else:
        values["province_id"] = None
    if org_type := raw.get("org_type", "").strip():
        key = _key(org_type)
        code = org_type if org_type in OrganisationType.values else TYPE_WORDS.get(key)
        if code is None:
            err(
                "org_type",
                org_type,
                _("Unknown type; use one of: %(choices)s.") % {"choices": ", ".join(sorted(TYPE_WORDS))},
            )
        values["org_type"] = code or "company"
    if size := raw.get("size_class", "").strip():
        key = size.replace(" ", "")
        code = SIZE_WORDS.get(key) or SIZE_WORDS.get(_key(size))
        if code is None and key.isdigit():
            persons = int(key)
            code = "0-50" if persons <= 50 else ("51-100" if persons <= 100 else ">100")
        if code not in SizeClass.values:
            err(
                "size_class",
                size,
                _("Unknown size class; use 0-50, 51-100 or >100 (or a number of persons)."),
            )
        values["size_class"] = code or ""
    if establishments := raw.get("establishments", "").strip():
        if establishments.isdigit():
            values["establishments"] = int(establishments)
        else:
            err("establishments", establishments, _("The number of establishments must be a whole number."))
    if website := raw.get("website", "").strip():
        url = website if "://" in website else f"https://{website}"
        try:
            _url(url)
            values["website"] = url[:200]
        except ValidationError:
            err("website", website, _("Not a valid web address."))
    if chain := raw.get("chain_position", "").strip():
        key = _key(chain)
        code = chain if chain in ChainPosition.values else CHAIN_WORDS.get(key)
        if code is None:
            err(
                "chain_position",
                chain,
                _("Unknown chain position; use one of: %(choices)s.")
                % {"choices": ", ".join(sorted(CHAIN_WORDS))},
            )
        values["chain_position"] = code or ""
    return parsed


def plan_import(
    *,
    headers: list[str],
    rows: list[list[str]],
    mapping: dict[str, str],
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Validate every row and decide what happens to it. Reads the database, never writes.
    `progress(done, total)` is called at the start, every PROGRESS_EVERY rows and at the end."""
    check_mapping(headers, mapping)
    index = {name: headers.index(header) for name, header in mapping.items() if header}
    plan = ImportPlan(total=0)
    raw_rows = []
    for offset, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue  # blank line
        raw_rows.append((offset + 2, {name: (row[i] if i < len(row) else "") for name, i in index.items()}))
    plan.total = len(raw_rows)
    kvk_numbers = {classify.kvk_normalise(raw.get("kvk_number", "")) for _n, raw in raw_rows}
    lookups = Lookups(kvk_numbers={k for k in kvk_numbers if classify.kvk_is_valid(k)})
    seen_kvk: dict[str, int] = {}
    seen_name: dict[tuple[str, int | None], int] = {}
    if progress:
        progress(0, plan.total)
    for checked, (number, raw) in enumerate(raw_rows):
        if progress and checked and checked % PROGRESS_EVERY == 0:
            progress(checked, plan.total)
        before = len(plan.errors)
        parsed = _parse_row(number, raw, lookups, plan.errors, mapping)
        kvk = parsed.values["kvk_number"]
        norm = classify.name_normalise(parsed.values["name"])
        name_key = (norm, parsed.values.get("province_id"))
        if kvk:
            if kvk in seen_kvk:
                plan.errors.append(
                    RowError(
                        number,
                        mapping.get("kvk_number", ""),
                        kvk,
                        _("Duplicate row: KvK number %(kvk)s is also on row %(row)s.")
                        % {"kvk": kvk, "row": seen_kvk[kvk]},
                    )
                )
            seen_kvk.setdefault(kvk, number)
        elif norm:
            if name_key in seen_name:
                plan.errors.append(
                    RowError(
                        number,
                        mapping.get("name", ""),
                        parsed.values["name"],
                        _("Duplicate row: the same name and province are on row %(row)s.")
                        % {"row": seen_name[name_key]},
                    )
                )
            seen_name.setdefault(name_key, number)
        if len(plan.errors) > before:
            continue
        if kvk and kvk in lookups.existing_kvk:
            pk = lookups.existing_kvk[kvk]
            if parsed.version is not None and parsed.version != lookups.versions[pk]:
                plan.errors.append(_stale(parsed, kvk, lookups.versions[pk], mapping.get("version", "")))
                continue
            plan.updates.append((parsed, pk))
        elif not kvk:
            best = max(
                (
                    (classify.name_similarity(norm, other), pk)
                    for pk, other in lookups.candidates(parsed.values.get("province_id"))
                ),
                default=None,
            )
            if best and best[0] >= classify.FUZZY_THRESHOLD:
                plan.reviews.append((parsed, best[1], round(best[0], 3)))
            else:
                plan.creates.append(parsed)
        else:
            plan.creates.append(parsed)
    if progress and plan.total:
        progress(plan.total, plan.total)
    return plan


def _stale(row: ParsedRow, kvk: str, current: int, column: str) -> RowError:
    """A row exported at an older version of its organisation: importing it would undo the newer change."""
    return RowError(
        row.number,
        column or str(FIELDS["version"][0]),
        str(row.version),
        _(
            "The organisation with KvK number %(kvk)s was changed after this file was exported (version "
            "%(file)s in the file, version %(current)s now); importing the row would undo that change. "
            "Export the register again and make the change there."
        )
        % {"kvk": kvk, "file": row.version, "current": current},
    )


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("%(count)s errors; nothing was imported.") % {"count": len(errors)})


UPDATABLE = ("name", "org_type", "province_id", "size_class", "establishments", "website", "chain_position")


@transaction.atomic
def import_apply(
    *,
    plan: ImportPlan,
    source: Source,
    batch: ImportBatch | None = None,
    actor: User,
    granted_by: Permit | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Write a plan in one transaction (bulk, in batches). A plan with errors is refused: nothing saved.
    `progress(done, total)` after each batch, ending at (total, total). The batch itself (status, counts) is
    written by the caller after this transaction: services.import_batch_run, which passes its permit.
    The audit records name `actor` (the system actor for a command or a benchmark)."""
    from .services.coverage import coverage_refresh
    from .services.network import network_names_refresh

    permit = require(actor, "stakeholders.import_register", granted_by=granted_by)
    if plan.errors:
        raise ImportRejected(plan.errors)
    done, total = 0, plan.total
    rows = [*plan.creates, *(r for r, _pk in plan.updates), *(r for r, _pk, _score in plan.reviews)]
    new_codes = sorted({c for row in rows for c in row.sbi_new})
    resolved = {code: sbi_resolve(code, actor=actor, granted_by=permit).pk for code in new_codes}
    for row in rows:
        row.sbi_ids.extend(resolved[code] for code in row.sbi_new if resolved[code] not in row.sbi_ids)
    through = Organisation.sbi_codes.through
    # New organisations.
    for start in range(0, len(plan.creates), BATCH_SIZE):
        chunk = plan.creates[start : start + BATCH_SIZE]
        objects = [
            Organisation(**{k: v for k, v in row.values.items() if v is not None or k == "kvk_number"})
            for row in chunk
        ]
        created = Organisation.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if any(o.pk is None for o in created):  # pragma: no cover - SQLite >= 3.35 and PostgreSQL return keys
            raise RuntimeError("The database did not return the keys of the new organisations.")
        _history_copy([o.pk for o in created], history_type="+", actor=actor)
        _link(through, source, batch, [(o.pk, row) for o, row in zip(created, chunk, strict=True)])
        coverage_refresh([o.pk for o in created])  # bulk writes send no signals
        register_written.send(sender=Organisation)
        done += len(chunk)
        if progress:
            progress(done, total)
    # Existing organisations (same KvK number): fill in the new values, add codes and the source. A row
    # from an exported register must still match its organisation's version (checked again here, on the
    # locked rows: the plan was made before this transaction).
    for start in range(0, len(plan.updates), BATCH_SIZE):
        updates = plan.updates[start : start + BATCH_SIZE]
        existing = Organisation.objects.select_for_update().in_bulk([pk for _row, pk in updates])
        stale = [
            _stale(row, str(existing[pk].kvk_number), existing[pk].version, "")
            for row, pk in updates
            if row.version is not None and row.version != existing[pk].version
        ]
        if stale:
            raise ImportRejected(stale)
        changed_fields: set[str] = set()
        objects = []
        for row, pk in updates:
            organisation = existing[pk]
            for name in UPDATABLE:
                value = row.values.get(name)
                if value not in (None, "") and getattr(organisation, name) != value:
                    setattr(organisation, name, value)
                    changed_fields.add(name)
            organisation.version += 1
            objects.append(organisation)
        Organisation.objects.bulk_update(objects, [*sorted(changed_fields), "version"], batch_size=BATCH_SIZE)
        if "name" in changed_fields:  # bulk writes send no signals: the network's kept names follow
            network_names_refresh(organisation_ids=[o.pk for o in objects])
        _history_copy([o.pk for o in objects], history_type="~", actor=actor)
        _link(through, source, batch, [(pk, row) for row, pk in updates])
        coverage_refresh([pk for _row, pk in updates])
        register_written.send(sender=Organisation)
        done += len(updates)
        if progress:
            progress(done, total)
    # Names resembling an existing organisation in the same province: up for review.
    if batch is not None and plan.reviews:
        FuzzyMatch.objects.bulk_create(
            [
                FuzzyMatch(
                    batch=batch,
                    row_number=row.number,
                    candidate_id=pk,
                    score=score,
                    row={
                        **{k: v for k, v in row.values.items() if v not in (None, "")},
                        "sbi_ids": row.sbi_ids,
                        "reference": row.reference,
                    },
                )
                for row, pk, score in plan.reviews
            ],
            batch_size=BATCH_SIZE,
        )
    if progress and done < total:  # the rows up for review (and none at all: an empty plan)
        progress(total, total)
    return {"created": len(plan.creates), "updated": len(plan.updates), "review": len(plan.reviews)}


def _history_copy(ids: list[int], *, history_type: str, actor: User) -> None:
    """The audit records of a bulk write, as django-simple-history keeps them (one historical row per
    organisation with who, when and "import"), written set-based: INSERT ... SELECT from the rows just saved,
    instead of building a historical model instance per row."""
    history = Organisation.history.model
    quote = connection.ops.quote_name
    own = [f.column for f in Organisation._meta.concrete_fields if f.column]
    kept = {f.column for f in history._meta.concrete_fields}
    columns = ", ".join(quote(c) for c in own if c in kept)
    now = timezone.now()
    for start in range(0, len(ids), 900):  # SQLite allows 999 parameters per statement
        chunk = ids[start : start + 900]
        sql = (
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_change_reason, "  # noqa: S608 - names from the model, values as parameters
            f"history_type, history_user_id) SELECT {columns}, %s, %s, %s, %s "
            f"FROM {quote(Organisation._meta.db_table)} WHERE id IN ({', '.join(['%s'] * len(chunk))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [now, "import", history_type, actor.pk, *chunk])


def _link(
    through: type[Model], source: Source, batch: ImportBatch | None, pairs: list[tuple[int, ParsedRow]]
) -> None:
    """SBI codes (many-to-many) and the source of each organisation; existing links are kept."""
    quote = connection.ops.quote_name
    rows = [(pk, sbi) for pk, row in pairs for sbi in row.sbi_ids]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(through._meta.db_table)} (organisation_id, sbicode_id) VALUES (%s, %s) "  # noqa: S608 - names from the model, values as parameters
                "ON CONFLICT DO NOTHING",
                rows,
            )
    now = timezone.now()
    batch_id = batch.pk if batch else None
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(OrganisationSource._meta.db_table)} (organisation_id, source_id, reference, "  # noqa: S608 - names from the model, values as parameters
            "batch_id, added_at) VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [(pk, source.pk, row.reference, batch_id, now) for pk, row in pairs],
        )


def errors_as_dicts(errors: list[RowError], limit: int = 1000) -> list[dict]:
    return [
        {"row": e.row, "column": e.column, "value": e.value, "message": e.message} for e in errors[:limit]
    ]
