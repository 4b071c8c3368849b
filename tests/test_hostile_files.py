"""Hostile files, not just hostile text: picture bombs, broken pictures, SVG, lying names, and
more. Each case is built by the command line in a process of its own: exit code 2, a message
that starts with the file's path and line, no traceback, earlier outputs untouched, and the
process stays under 300 MB and 30 s."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from test_bad_input import BODY, GOOD_CSV, GOOD_FRONT, TABLE, P, R, data, write_case

from conftest import briefkit

PREVIOUS = {"pdf": b"%PDF-previous good brief", "pptx": b"previous good deck"}
PICTURE = GOOD_FRONT + "\n# H\n\n![A map](map.png)\n"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(side: int = 30_000) -> bytes:
    """A valid black-and-white PNG of side x side pixels: about 110 kB on disk, 900 million
    pixels (about a gigabyte) once decoded."""
    row = zlib.compressobj(9)
    data = b"".join(row.compress(bytes(1 + side // 8)) for _ in range(side)) + row.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))


def picture(kind: str, size: tuple[int, int] = (400, 300)) -> bytes:
    """A real picture with detail in it (so a cut-off file misses pixels)."""
    from PIL import Image

    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


SVG = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       '<script>alert(1)</script><image href="file:///etc/hostname"/></svg>\n')

CASES = [
    ("picture-bomb", {"report.md": PICTURE, "map.png": png_bomb},
     f"{R}:8:1:", "map.png is too large a picture: more than 30,000,000 pixels"),
    ("picture-truncated", {"report.md": PICTURE, "map.png": lambda: picture("PNG")[:9000]},
     f"{R}:8:1:", "map.png is not a PNG or JPEG image that can be read (image file is truncated"),
    ("picture-corrupt", {"report.md": PICTURE, "map.png": lambda: picture("PNG")[:200] + bytes(5000)},
     f"{R}:8:1:", "map.png is not a PNG or JPEG image that can be read ("),
    ("picture-jpeg-truncated", {"report.md": PICTURE.replace("map.png", "map.jpg"),
                                "map.jpg": lambda: picture("JPEG")[:3000]},
     f"{R}:8:1:", "map.jpg is not a PNG or JPEG image that can be read (image file is truncated"),
    ("picture-svg", {"report.md": PICTURE.replace("map.png", "map.svg"), "map.svg": SVG},
     f"{R}:8:1:", "map.svg is an SVG drawing; briefkit takes PNG or JPEG pictures only"),
    ("picture-svg-named-png", {"report.md": PICTURE, "map.png": SVG},
     f"{R}:8:1:", "map.png is an SVG drawing"),
    ("picture-lying-extension", {"report.md": PICTURE, "map.png": lambda: picture("JPEG")},
     f"{R}:8:1:", "map.png holds a JPEG image but its name ends in '.png'; rename it to map.jpg"),
    ("picture-gif", {"report.md": PICTURE.replace("map.png", "map.gif"), "map.gif": lambda: picture("GIF")},
     f"{R}:8:1:", "map.gif is not a PNG or JPEG image that can be read"),
    ("logo-bomb", {"report.md": "---\ntitle: T\ntheme: house.yaml\n---\n\n# H\n\nText.\n",
                   "house.yaml": None, "logo.png": png_bomb},
     "reports/case/house.yaml:", "logo.png is too large a picture"),
]


def _refused(root: Path, args: tuple[str, ...], where: str, words: str) -> None:
    """Build ``reports/case`` with ``args`` over earlier outputs, and check how it is refused."""
    (root / "out").mkdir(exist_ok=True)
    for ext, blob in PREVIOUS.items():
        (root / "out" / f"case.{ext}").write_bytes(blob)
    result = briefkit("build", "reports/case", "--out", "out", *args, cwd=root, timeout=60)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(where), f"expected the message to start with {where!r}, got {first!r}"
    assert words in first, result.stderr
    for ext, blob in PREVIOUS.items():
        assert (root / "out" / f"case.{ext}").read_bytes() == blob, f"{ext} output changed"
    assert result.peak_mb < 300, f"peak memory {result.peak_mb:.0f} MB"
    assert result.cpu < 30, f"took {result.cpu:.1f} s of CPU"


def _files(files: dict) -> dict:
    return {path: content() if callable(content) else content for path, content in files.items()}


# --- front matter and data packages ------------------------------------------------------------
#: "billion laughs": nine aliases of nine aliases ... of "lol", 9^9 strings once expanded
LAUGHS_YAML = "x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{i + 1}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
TEXT = GOOD_FRONT + TABLE
CASES += [
    ("yaml-alias-bomb", {"report.md": f"---\ntitle: T\n{LAUGHS_YAML}keywords: *i\n---\n" + BODY},
     f"{R}:4:", "aliases (*name) are not accepted"),
    ("yaml-huge-front-matter", {"report.md": "---\ntitle: " + "A" * 2_000_000 + "\n---\n" + BODY},
     f"{R}:2:", "YAML of 2,000,007 characters; at most 65,536 are read"),
    ("yaml-huge-value", {"report.md": "---\ntitle: " + "A" * 60_000 + "\n---\n" + BODY},
     f"{R}:2:8:", "text of 60,000 characters; at most 4,000"),
    ("yaml-deep-flow",
     {"report.md": "---\ntitle: T\nkeywords: " + "[" * 10_000 + "]" * 10_000 + "\n---\n" + BODY},
     f"{R}:3:", "lists or mappings nested too deeply"),
    ("yaml-deep-block",
     {"report.md": "---\ntitle: T\ndeck:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 340))
                         + "---\n" + BODY}, f"{R}:", "lists or mappings nested too deeply"),
    # a title long enough to overflow the title page is refused by the 255-character field limit first
    ("title-page-overflow", {"report.md": "---\ntitle: " + "Long title words " * 200 + "\n---\n" + BODY},
     f"{R}:2:8:", "expected text of at most 255 characters"),
    ("package-deep", {"report.md": TEXT, "data/things.csv": GOOD_CSV,
                      "data/datapackage.json": '{"resources":\n ' + "[" * 200_000 + "]" * 200_000 + "}"},
     f"{P}:2:", "arrays or objects nested too deeply"),
    ("package-huge", {"report.md": TEXT, **data(description="D" * 3_000_000)},
     f"{P}:1:1:", "at most 2,097,152 are read"),
    ("package-long-text", {"report.md": TEXT, **data(title="T" * 10_000)},
     f"{P}:7:16:", "text of 10,000 characters; at most 4,000 in a data package"),
    ("package-path-absolute", {"report.md": TEXT, **data(path="/etc/passwd")},
     f"{P}:6:7:", "data file must be a relative path inside the project, found '/etc/passwd'"),
    ("package-path-url", {"report.md": TEXT, **data(path="https://evil.example/things.csv")},
     f"{P}:6:7:", "data file must be a file inside the project, found URL"),
]


@pytest.mark.parametrize("name, files, where, words", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_gives_located_message_exit_2_in_bounded_memory_and_time(tmp_path, name, files, where,
                                                                               words):
    write_case(tmp_path, _files(files))
    _refused(tmp_path, (), where, words)


def test_good_pictures_of_both_kinds_are_taken(tmp_path):
    source = GOOD_FRONT + "\n# H\n\n![A map](map.png)\n\n![A photo](photo.jpeg)\n"
    write_case(tmp_path, {"report.md": source, "map.png": picture("PNG"), "photo.jpeg": picture("JPEG")})
    result = briefkit("build", "reports/case", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "case.pdf").stat().st_size > 0 and (
        tmp_path / "out" / "case.pptx"
    ).stat().st_size > 0


# --- templates ------------------------------------------------------------------------------
T = "reports/case/house.pptx:"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MACRO_CT = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
_PRESENTATION_CT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def template(edit=None, add: dict[str, bytes] | None = None, source: Path | None = None) -> bytes:
    """The shipped default template (or ``source``) with parts changed by ``edit(name, blob)``
    and parts in ``add`` added (bytes, or a number: that many megabytes of zeros)."""
    from builders.paths import ASSETS

    buffer = io.BytesIO()
    with zipfile.ZipFile(source or ASSETS / "templates" / "default.pptx") as original, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for info in original.infolist():
            blob = original.read(info)
            package.writestr(info.filename, edit(info.filename, blob) if edit else blob)
        for name, content in (add or {}).items():
            with package.open(name, "w") as part:
                for _ in range(content if isinstance(content, int) else 0):
                    part.write(bytes(2**20))  # streamed: the test never holds the bomb whole
                part.write(content if isinstance(content, bytes) else b"")
    return buffer.getvalue()


def _doctype(declaration: bytes):
    def edit(name: str, blob: bytes) -> bytes:
        return blob.replace(b"?>", b"?>" + declaration, 1) if name == "ppt/presentation.xml" else blob
    return edit


def _macro_enabled(name: str, blob: bytes) -> bytes:
    return blob.replace(_PRESENTATION_CT, _MACRO_CT) if name == "[Content_Types].xml" else blob


def _outside_link(name: str, blob: bytes) -> bytes:
    if name != "ppt/slideLayouts/_rels/slideLayout1.xml.rels":
        return blob
    link = (f'<Relationship Id="rId99" Type="{_REL}/hyperlink" Target="file:///etc/passwd" '
            'TargetMode="External"/></Relationships>').encode()
    return blob.replace(b"</Relationships>", link)


LAUGHS = (b'<!DOCTYPE p:presentation [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % (c, *[c - 1] * 10)
                     for c in range(ord("c"), ord("k"))) + b"]>")
TEMPLATE_CASES = [
    ("template-pptm", "house.pptm", lambda: template(_macro_enabled, {"ppt/vbaProject.bin": b"VBA"}),
     "reports/case/house.pptm:", "a .pptm file holds macros"),
    ("template-pptm-renamed", "house.pptx", lambda: template(_macro_enabled, {"ppt/vbaProject.bin": b"VBA"}),
     T, "it is a macro-enabled presentation (.pptm)"),
    ("template-vba-part", "house.pptx", lambda: template(add={"ppt/vbaProject.bin": b"VBA"}),
     T, "it holds macros or ActiveX controls (ppt/vbaProject.bin)"),
    ("template-truncated", "house.pptx", lambda: template()[:12000], T,
     "not a PowerPoint file that can be read"),
    ("template-not-a-zip", "house.pptx", b"<html>not a deck</html>", T,
     "not a PowerPoint file that can be read"),
    ("template-zip-bomb", "house.pptx", lambda: template(add={"ppt/media/image9.png": 200}),
     T, "a template may hold at most 64 MB"),
    ("template-external-entity", "house.pptx",
     lambda: template(_doctype(b'<!DOCTYPE p:presentation [<!ENTITY e SYSTEM "file:///etc/hostname">]>')),
     T, "part ppt/presentation.xml declares a document type"),
    ("template-billion-laughs", "house.pptx", lambda: template(_doctype(LAUGHS)),
     T, "part ppt/presentation.xml declares a document type"),
    ("template-outside-link", "house.pptx", lambda: template(_outside_link),
     T, "it links to an outside resource 'file:///etc/passwd'"),
]


@pytest.mark.parametrize("name, filename, content, where, words", TEMPLATE_CASES,
                         ids=[c[0] for c in TEMPLATE_CASES])
def test_hostile_template_is_refused_with_its_path(tmp_path, name, filename, content, where, words):
    write_case(tmp_path, {"report.md": GOOD_FRONT + "\n# H\n\nText.\n", **_files({filename: content})})
    _refused(tmp_path, ("--template", f"reports/case/{filename}"), where, words)


def test_a_template_named_in_the_front_matter_is_checked_too(tmp_path):
    source = "---\ntitle: T\ndeck:\n  template: house.pptx\n---\n\n# H\n\nText.\n"
    write_case(tmp_path, {"report.md": source, "house.pptx": template(_outside_link)})
    _refused(tmp_path, (), T, "it links to an outside resource")


def test_an_entity_naming_a_file_is_never_read(tmp_path):
    """The entity names a FIFO: reading it would block until a writer came, so the build
    would not finish in time."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    declaration = f'<!DOCTYPE p:presentation [<!ENTITY % d SYSTEM "file://{fifo}"> %d; ' \
                  f'<!ENTITY e SYSTEM "file://{fifo}">]>'.encode()
    presentation = _doctype(declaration)

    def edit(name: str, blob: bytes) -> bytes:
        blob = presentation(name, blob)
        return blob.replace(b"</p:presentation>", b"<p:extLst>&e;</p:extLst></p:presentation>") \
            if name == "ppt/presentation.xml" else blob

    write_case(tmp_path, {"report.md": GOOD_FRONT + "\n# H\n\nText.\n", "house.pptx": template(edit)})
    _refused(tmp_path, ("--template", "reports/case/house.pptx"), T, "declares a document type")


def test_sample_slides_and_their_links_stay_out_of_the_deck(tmp_path):
    from pptx import Presentation

    from builders.paths import ASSETS

    sample = Presentation(str(ASSETS / "templates" / "default.pptx"))
    slide = sample.slides.add_slide(sample.slide_layouts[1])
    slide.shapes.title.text = "SAMPLE SLIDE from the template"
    run = slide.placeholders[1].text_frame.paragraphs[0].add_run()
    run.text = "a sample link"
    run.hyperlink.address = "https://evil.example/track"
    saved = tmp_path / "sample.pptx"
    sample.save(str(saved))
    write_case(tmp_path, {"report.md": GOOD_FRONT + "\n# Findings come first\n\nText.\n",
                          "house.pptx": saved.read_bytes()})
    result = briefkit("build", "reports/case", "--out", "out", "--template", "reports/case/house.pptx",
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "case.pptx") as deck:
        everything = b"".join(deck.read(n) for n in deck.namelist())
    assert b"SAMPLE SLIDE" not in everything and b"evil.example" not in everything
    assert b'TargetMode="External"' not in everything
    titles = [s.shapes.title.text for s in Presentation(str(tmp_path / "out" / "case.pptx")).slides
              if s.shapes.title is not None]
    assert "Findings come first" in " ".join(titles), titles


@pytest.mark.parametrize("kind", ["data", "image"])
def test_a_symbolic_link_out_of_the_project_is_refused(tmp_path, kind):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.csv").write_text(GOOD_CSV)
    (outside / "secret.png").write_bytes(picture("PNG"))
    root = tmp_path / "project"
    if kind == "data":
        folder = write_case(root, {"report.md": TEXT,
                                   "data/datapackage.json": data()["data/datapackage.json"]})
        (folder / "data" / "things.csv").symlink_to(outside / "secret.csv")
        where, words = f"{P}:6:7:", "data file 'things.csv' points outside the project"
    else:
        folder = write_case(root, {"report.md": PICTURE})
        (folder / "map.png").symlink_to(outside / "secret.png")
        where, words = f"{R}:8:1:", "image 'map.png' points outside the project"
    _refused(root, (), where, words)


def test_a_template_changed_between_two_decks_of_a_session_is_checked_again(tmp_path):
    """A session checks a template's links once per version of the file (each deck starts from a
    copy of it as opened): the same file made to link outside between two decks is refused."""
    import os

    from builders.errors import ReportError
    from builders.pipeline.build import load
    from builders.slides import prepare

    from conftest import ROOTS

    house = tmp_path / "house.pptx"
    house.write_bytes(template())
    report, theme = load(ROOTS / "basic")
    memo: dict = {}
    prepare(report, theme, house, memo)
    prepare(report, theme, house, memo)  # a copy of the version checked
    before = os.stat(house).st_mtime_ns
    house.write_bytes(template(_outside_link))
    os.utime(house, ns=(before + 10**9, before + 10**9))
    with pytest.raises(ReportError, match="it links to an outside resource"):
        prepare(report, theme, house, memo)
