"""check holds an edition's footnotes to the main edition's section by section, and locates a
missing citation in its paragraph and a missing definition where the definitions are."""

from __future__ import annotations

from pathlib import Path

from builders.read import drift

from conftest import ROOTS

MAIN = ROOTS / "editions" / "report.md"
EDITION = ROOTS / "editions" / "report.ru.md"


def findings(edition_text: str) -> list[tuple[str, str, bool]]:
    main = drift.skeleton(MAIN, MAIN.read_text(encoding="utf-8"))
    edition = drift.skeleton(Path("report.ru.md"), edition_text)
    return [(str(where), message, error) for where, message, error in drift.compare(main, edition)]


def lines() -> list[str]:
    found = EDITION.read_text(encoding="utf-8").split("\n")
    assert "[^one]" in found[11] and "[^two]" in found[18] and found[16].startswith("# ")
    return found


def test_the_test_editions_are_in_step():
    assert findings(EDITION.read_text(encoding="utf-8")) == []


def test_a_dropped_citation_is_located_in_its_paragraph_not_at_the_heading():
    text = lines()
    text[18] = text[18].replace("[^two]", "")
    assert findings("\n".join(text)) == [
        ("report.ru.md:19",
         "this section 'Trade with every partner grew from 2021 to 2023' (h1) does not cite "
                            "footnote [^two] (cited at report.md:19)", True)]


def test_a_citation_dropped_from_one_section_is_found_though_cited_in_another():
    text = lines()
    text[11] = text[11].replace("[^one]", "")  # the takeaways; [^one] is still cited in the last section
    assert findings("\n".join(text)) == [
        ("report.ru.md:12", "this part before the first heading does not cite footnote [^one] (cited at "
                            "report.md:12)", True)]


def test_a_missing_definition_is_reported_as_such_where_definitions_are():
    text = [line for line in lines() if not line.startswith("[^two]:")]
    found = findings("\n".join(text))
    definition_of_one = next(n for n, line in enumerate(text, 1) if line.startswith("[^one]:"))
    defined = next(n for n, line in enumerate(MAIN.read_text(encoding="utf-8").split("\n"), 1)
                   if line.startswith("[^two]:"))
    assert found == [(f"report.ru.md:{definition_of_one + 1}",
                      f"this edition does not define footnote [^two] (defined at report.md:{defined})",
                      True)], found
    assert not any("does not cite" in message for _, message, _ in found)


def test_a_citation_moved_to_another_section_is_an_error_there_and_a_warning_here():
    text = lines()
    text[18] = text[18].replace("[^two]", "")
    last = max(n for n, line in enumerate(text) if "[^one]" in line and not line.startswith("[^one]:"))
    text[last] += "[^two]"
    found = findings("\n".join(text))
    assert ("report.ru.md:19", "this section 'Trade with every partner grew from 2021 to 2023' (h1) does not "
            "cite footnote [^two] (cited at report.md:19)", True) in found, found
    assert (f"report.ru.md:{last + 1}", "footnote [^two] is cited in another section of report.md "
            "(report.md:19)", False) in found, found
