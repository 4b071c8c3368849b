"""YAML composed by libyaml (the fast path) is the node tree the Python loader composes, marks
included; what the Python loader refuses or locates is left to it."""

from __future__ import annotations

import yaml

from builders.read import yamlschema

from conftest import ROOT


def _tree(node):
    """A node as comparable data: its kind, tag, value and where it starts (and a scalar ends;
    a block's end differs, so callers that read it ask the Python loader: ``ends=True``)."""
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, where, (node.end_mark.line, node.end_mark.column))
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", node.tag, [_tree(n) for n in node.value], where)
    return ("mapping", node.tag, [(_tree(k), _tree(v)) for k, v in node.value], where)


def _texts() -> list[str]:
    """Every front matter and theme the project ships, and some harder YAML."""
    found = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "assets" / "themes").glob("*.yaml"))]
    for source in sorted(ROOT.glob("reports/*/report*.md")) + sorted(ROOT.glob("tests/roots/*/report*.md")):
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            found.append(text[4:text.index("\n---", 4)])
    found += ['a: "quoted \\u00e9 ünï"\nb: [1, 2.5, true, null, ~]\nc: {d: e}\n',
              "list:\n  - one\n  -   two: 2\n      three: |\n        block\n        text\n",
              "empty:\nfolded: >\n  a\n  b\nkey with spaces: 'single'\n", "", "# only a comment\n"]
    return found


def test_libyaml_composes_what_the_python_loader_composes():
    texts = _texts()
    assert len(texts) > 10
    for text in texts:
        fast = yamlschema._compose_in_c(text)
        assert fast is not yamlschema._DECLINED, text[:60]
        assert _tree(fast) == _tree(yaml.compose(text, Loader=yamlschema._Loader)), text[:60]


def test_end_marks_asked_for_come_from_the_python_loader():
    text = "params:\n  country: Kazakhstan\nmatrix:\n  country:\n    - Kazakhstan\n    - Kyrgyzstan"
    python = yaml.compose(text, Loader=yamlschema._Loader).end_mark
    assert yamlschema._compose_in_c(text).end_mark.line != python.line  # (as a front matter is read)
    node = yamlschema.compose(text, yamlschema.Context(ROOT / "report.md"), ends=True)
    assert (node.end_mark.line, node.end_mark.column) == (python.line, python.column)


def test_aliases_deep_nesting_and_bad_yaml_are_left_to_the_python_loader():
    for text in ("a: &x 1\nb: *x\n", "[" * 60 + "]" * 60, "a: [1, 2\n", "a: 'open\n", "a: 1\n---\nb: 2\n"):
        assert yamlschema._compose_in_c(text) is yamlschema._DECLINED, text
