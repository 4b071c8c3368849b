"""Data packages: ``datapackage.json`` descriptors and their CSV files → validated Datasets.

The descriptor follows the Frictionless Data Package form (resources with name, path, title,
description, sources, schema.fields). The csv module splits records (so every error can name
the file line), pandas types and checks the columns, and the result leaves this module as a
plain, typed :class:`~builders.model.Dataset`: pandas stops here."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import store as cache
from ..errors import Collector, ReportError, location_at
from ..model import Dataset, FieldType, Location
from ..paths import gate, read_input, resolve_inside
from .datalang import localise, pick, unknown_language
from .datastore import dump_dataset, load_dataset
from .fields import check_field
from .inlines import clean_text
from .limits import MAX_DATA_FILE
from .resource import Resource, described
from .textfiles import declared_encoding, wide_encoding

DESCRIPTOR = "datapackage.json"
#: the largest descriptor read, in bytes, and its longest text (a title, description or source)
MAX_DESCRIPTOR = 2 * 2**20
MAX_TEXT = 4000
#: fifty arrays or objects opened with none closed: where a descriptor too deeply nested for
#: Python's JSON reader goes wrong
_NESTED = re.compile(r"(?:[\[{][^\[\]{}]*){50}")
_MAX_CELL_ERRORS = 25


@dataclass(frozen=True)
class _Finder:
    """Finds where a piece of a resource's JSON is written, for messages (json keeps no lines)."""

    path: Path
    text: str
    start: int

    def at(self, *needles: str) -> Location:
        """The location of the first needle, each searched after the one before."""
        index = self.start
        for needle in needles:
            found = self.text.find(needle, index)
            if found < 0:
                break
            index = found
        return location_at(self.path, self.text, index)


def _parse(path: Path, roots: tuple[Path, ...] = ()) -> tuple[str, Any]:
    """A descriptor's text and JSON value; too large a file, nesting deeper than Python can
    follow or too long a text value is a located error, found before anything is built on it."""
    try:
        gate(path, Location(path, 1, 1), what="data package", roots=roots)
        if path.stat().st_size > MAX_DESCRIPTOR:
            raise ReportError(f"data package of {path.stat().st_size:,} bytes; at most {MAX_DESCRIPTOR:,} "
                              f"are "
                              "read (a descriptor describes the data; the rows belong in CSV files)",
                              Location(path, 1, 1))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"cannot read data package: {error}", Location(path)) from None
    try:
        package = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(f"invalid JSON: {error.msg}", Location(path, error.lineno, error.colno)) from None
    except RecursionError:
        deep = _NESTED.search(text)
        raise ReportError("arrays or objects nested too deeply", location_at(path, text,
                                                                             deep.end() - 1 if deep else 0)) \
            from None
    values = [package]
    while values:  # every string in the descriptor, keys too, without recursion
        value = values.pop()
        if isinstance(value, dict):
            values += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            values += value
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            index = text.find(json.dumps(value, ensure_ascii=False)[:40])
            raise ReportError(f"text of {len(value):,} characters; at most {MAX_TEXT:,} in a data package",
                              location_at(path, text, max(index, 0)))
    return text, package


def read_descriptor(path: Path, roots: tuple[Path, ...] = ()) -> dict[str, Resource]:
    """Read a ``datapackage.json`` and check each resource's shape (not its data); it and its
    data files must lie inside ``roots`` (the project), links resolved, when roots are given."""
    text, package = _parse(path, roots)
    top = Location(path, 1, 1)
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise ReportError('expected an object with a "resources" list', top)
    collector = Collector()
    resources: dict[str, Resource] = {}
    index = text.find('"resources"')
    for entry in package["resources"]:
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str):
            index = max(text.find(json.dumps(name), index), index)
        finder = _Finder(path, text, index)
        where = location_at(path, text, index) if isinstance(name, str) else finder.at("{")
        with collector.guard():
            resource = _resource(entry, path, where, finder, roots)
            if resource.name in resources:
                raise ReportError(f"duplicate resource name {resource.name!r}", where)
            resources[resource.name] = resource
    collector.check()
    return resources


def _resource(entry: Any, descriptor: Path, where: Location, finder: _Finder,
              roots: tuple[Path, ...] = ()) -> Resource:
    if not isinstance(entry, dict):
        raise ReportError("expected each resource to be an object", where)
    for key in ("name", "path", "schema"):
        if key not in entry:
            raise ReportError(f"resource is missing {key!r}", where)
    name = entry["name"]
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9._-]+", name):
        raise ReportError(f"resource name must be lower-case letters, digits, '-', '.', '_', found {name!r}",
                          where)
    fields = entry["schema"].get("fields") if isinstance(entry["schema"], dict) else None
    if not isinstance(fields, list) or not fields:
        raise ReportError(f"resource {name!r}: schema needs a non-empty \"fields\" list", where)
    _check_fields(name, fields, where, finder)
    csv_path = resolve_inside(str(entry["path"]), (descriptor.parent,), finder.at('"path"'),
                              what="data file")
    gate(csv_path, finder.at('"path"'), what="data file", roots=roots)
    sources = entry.get("sources") or []
    if isinstance(sources, list):  # a source written as a string is its title
        sources = [{"title": s} if isinstance(s, str) else s for s in sources]
    _check_texts(name, entry, sources, fields, finder)
    source = "; ".join(pick(s.get("title"), "") for s in sources if isinstance(s, dict) and s.get("title"))
    dialect = entry.get("dialect") or {}
    schema = entry["schema"]
    if not isinstance(dialect, dict) or len(str(dialect.get("delimiter", ","))) != 1:
        raise ReportError(f'resource {name!r}: expected "dialect": {{"delimiter": "<one character>"}}, '
                          f"found {json.dumps(entry.get('dialect'))}", finder.at('"dialect"'))
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise ReportError(f'resource {name!r}: expected "missingValues" to be a list of strings, found '
                          f"{json.dumps(missing)}", finder.at('"missingValues"'))
    encoding = declared_encoding(name, entry, lambda: finder.at('"encoding"'))
    return Resource(name=name, path=csv_path, title=pick(entry.get("title", name), ""),
                    description=pick(entry.get("description", ""), ""), source=source, fields=tuple(fields),
                    encoding=encoding, delimiter=str(dialect.get("delimiter", ",")), missing=tuple(missing),
                    location=where, titles=entry.get("title", name),
                    descriptions=entry.get("description", ""),
                    sources=tuple(s for s in sources if isinstance(s, dict)))


def _check_fields(name: str, fields: list, where: Location, finder: _Finder) -> None:
    """Each field named, its properties checked, its type one briefkit knows."""
    types = {t.value for t in FieldType}
    for field in fields:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise ReportError(f"resource {name!r}: each field needs a \"name\"", where)
        check_field(name, field, finder.at(json.dumps(field["name"])))
        ftype = field.get("type", "string")
        if ftype not in types:
            raise ReportError(f"resource {name!r}, field {field['name']!r}: expected type one of "
                              f"{', '.join(sorted(types))}, found {ftype!r}",
                              finder.at(json.dumps(field["name"]), '"type"'))


def _check_texts(name: str, entry: dict, sources: Any, fields: list, finder: _Finder) -> None:
    """A title, description or source title is a text or an object of language tags to texts;
    a field's translations name text fields of the same resource."""
    def text_or_languages(value: Any, what: str, *needles: str) -> None:
        if isinstance(value, str) or (isinstance(value, dict) and value and unknown_language(value) is None
                                      and all(isinstance(v, str) for v in value.values())):
            return
        raise ReportError(f"resource {name!r}: expected {what} to be a text or an object of (known) "
                          f"language tags to "
                          f'texts (such as {{"en": "…", "ru": "…"}}), found {json.dumps(value)}',
                          finder.at(*needles))

    for key in ("title", "description"):
        if key in entry:
            text_or_languages(entry[key], f'"{key}"', f'"{key}"')
    if not isinstance(sources, list):
        raise ReportError(f'resource {name!r}: expected "sources" to be a list, found {json.dumps(sources)}',
                          finder.at('"sources"'))
    for source in sources:
        if not isinstance(source, dict) or "title" not in source:  # never dropped without a word
            raise ReportError(f'resource {name!r}: expected each source to be a title or an object with a '
                              f'"title", '
                              f"found {json.dumps(source)[:200]}", finder.at('"sources"'))
        text_or_languages(source["title"], "a source's \"title\"", '"sources"', '"title"')
    names = {f["name"]: f for f in fields}
    for field in fields:
        if "title" in field:
            text_or_languages(field["title"], f"field {field['name']!r}'s \"title\"",
                              json.dumps(field["name"]),
                              '"title"')
        translations = field.get("translations")
        if translations is None:
            continue
        where = finder.at(json.dumps(field["name"]), '"translations"')
        if not isinstance(translations, dict) or not all(isinstance(v, str) for v in translations.values()) \
                or unknown_language(translations) is not None:
            example = '{"ru": "label_ru"}'
            raise ReportError(f"resource {name!r}, field {field['name']!r}: expected \"translations\" to be "
                              f"an object of language tags Babel knows to field names, such as {example}, "
                              f"found {json.dumps(translations)}", where)
        for other in translations.values():
            if other not in names or other == field["name"]:
                raise ReportError(f"resource {name!r}, field {field['name']!r}: translation field "
                                  f"{other!r} is not another field of the resource", where)
            if names[other].get("type", "string") != "string" or field.get("type", "string") != "string":
                raise ReportError(f"resource {name!r}, field {field['name']!r}: only string fields are "
                                  f"translated; {other!r} and {field['name']!r} must both be strings", where)


class DataPackages:
    """The data a report can see: its own ``data/`` first, then the project's ``data/``."""

    def __init__(self, folders: list[Path], cache: Path | None = None, roots: tuple[Path, ...] = ()) -> None:
        self.folders = [f for f in folders if (f / DESCRIPTOR).exists()]
        #: where every descriptor and data file must lie, links resolved (the project); () for anywhere
        self.roots = roots
        #: where validated datasets are kept between runs (None: not kept)
        self.cache = cache
        self._resources: dict[str, Resource] | None = None
        self._datasets: dict[str, Dataset] = {}
        #: the edition's language: titles, sources and translated cells are shown in it
        self.language = ""

    @property
    def resources(self) -> dict[str, Resource]:
        if self._resources is None:
            merged: dict[str, Resource] = {}
            for folder in reversed(self.folders):
                merged.update(described(folder / DESCRIPTOR, self.roots, read_descriptor))
            self._resources = merged
        return self._resources

    def dataset(self, name: str, location: Location) -> Dataset:
        """The validated dataset of resource ``name``; ``location`` is where it was asked for."""
        if name not in self.resources:
            known = ", ".join(sorted(self.resources)) or "(no data package found)"
            raise ReportError(f"unknown data resource {name!r}; expected one of: {known}", location)
        if name not in self._datasets:
            self._datasets[name] = self._load(self.resources[name])
        resource = self.resources[name]
        return localise(self._datasets[name], resource.titles, resource.descriptions, resource.sources,
                        resource.fields, self.language)

    def _load(self, resource: Resource) -> Dataset:
        """Read a resource, or take it from the cache when its file and description are unchanged
        (so a rebuild does not even import pandas)."""
        raw = read_input(resource.path, resource.location, what="data file", most=MAX_DATA_FILE,
                         roots=self.roots,
                         limit="split the data, or keep in it only the rows the report shows")
        name = cache.key(raw, repr(resource)) + ".json"
        data = _LOADED.get(name)
        if data is not None:
            return data
        cached = cache.read_text(self.cache, name)
        data = load_dataset(cached) if cached else None
        if data is None:
            data = load_resource(resource, raw)
            cache.write_text(self.cache, name, dump_dataset(data))
        cache.remember(_LOADED, name, data, _MOST_LOADED)
        return data


#: datasets validated in this process, by the key of their file's bytes and description (a
#: dataset is a frozen value): the editions of a batch show the same resources, each read
#: and typed once (the file is still read through the gate, to key it)
_LOADED: dict[str, Dataset] = {}
#: how many (the largest are a few megabytes)
_MOST_LOADED = 16


# --------------------------------------------------------------------------- reading CSV


def _decode(resource: Resource, raw: bytes | None = None) -> str:
    """The CSV's text; ``raw`` is its bytes when the caller has read them already."""
    path = resource.path
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise ReportError(f"cannot read data file: {error}", resource.location) from None
    if not raw.strip():
        raise ReportError("data file is empty; expected a header row and data rows", Location(path, 1, 1))
    wide = wide_encoding(raw)
    if wide and wide.startswith("UTF-32"):
        raise ReportError(f"data file is in {wide}; save it as UTF-8", Location(path, 1, 1))
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding)
    if wide:
        codec = "utf-16-be" if "big" in wide else "utf-16-le"
        raise ReportError(f'data file looks like {wide} without a byte-order mark; save it as UTF-8 '
                          f'or set "encoding": "{codec}" for the resource', Location(path, 1, 1))
    try:
        return raw.decode(resource.encoding)
    except LookupError:
        raise ReportError(f"unknown encoding {resource.encoding!r}", resource.location) from None
    except UnicodeDecodeError as error:
        raise ReportError(
            f"not valid {resource.encoding} (byte 0x{raw[error.start]:02X}); expected UTF-8 text. Save the "
            f'CSV as UTF-8, or set "encoding": "cp1252" for this resource if it came from Excel',
            location_at(path, raw, error.start)) from None


def _records(resource: Resource, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and data records with the file line each record starts on."""
    path = resource.path
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=resource.delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ReportError(f"malformed CSV: {error}", Location(path, reader.line_num)) from None
    records = [(n, r) for n, r in records if any(cell.strip() for cell in r)]
    if not records:
        raise ReportError("data file is empty; expected a header row", Location(path, 1, 1))
    header_line, header = records[0]
    header = [h.strip() for h in header]
    expected = [f["name"] for f in resource.fields]
    if len(header) == 1 and resource.delimiter != ";" and ";" in header[0]:
        raise ReportError('header is separated by ";"; set "dialect": {"delimiter": ";"} for this '
                          "resource or save the file with commas", Location(path, header_line, 1))
    collector = Collector()
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if name in seen:
            collector.add(f"duplicate column name {name!r}", Location(path, header_line, index))
        seen.add(name)
    if header != expected:
        missing = [n for n in expected if n not in header]
        extra = [n for n in header if n not in expected]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(repr(m) for m in missing))
        if extra:
            detail.append("not in the schema " + ", ".join(repr(e) for e in extra))
        if not detail:
            detail.append("columns in a different order")
        collector.add(f"header does not match the schema ({'; '.join(detail)}); expected "
                      f"{', '.join(expected)}", Location(path, header_line, 1))
    collector.check()
    body = records[1:]
    if not body:
        raise ReportError("data file has a header but no data rows", Location(path, header_line, 1))
    for line_no, record in body:
        if len(record) != len(header):
            collector.add(f"row has {len(record)} fields; expected {len(header)} "
                          f"({', '.join(header)})", Location(path, line_no, 1))
            if len(collector.problems) >= _MAX_CELL_ERRORS:
                break
    collector.check()
    return header, body


def prepare() -> None:
    """Import what typing a CSV needs (pandas), so that processes forked afterwards share it."""
    from . import datatypes  # noqa: F401


def load_resource(resource: Resource, raw: bytes | None = None) -> Dataset:
    """Read, type and check one resource's CSV (``raw``: its bytes, if already read)."""
    text = clean_text(_decode(resource, raw))
    header, body = _records(resource, text)
    from . import datatypes  # pandas lives there, imported only when a CSV is actually read

    columns, rows = datatypes.typed_columns(resource, header, body)
    return Dataset(
        name=resource.name,
        title=resource.title,
        description=resource.description,
        source=resource.source,
        columns=columns,
        rows=rows,
    )

