"""Readers: a report folder → the model (:mod:`builders.model`).

``report.py`` reads ``report.md`` (Markdown, front matter, footnotes, MyST-style directives) with
``frontmatter.py``, ``directives.py``, ``chartdata.py`` and ``inlines.py``; ``data.py`` and
``datatypes.py`` read the data package (``datapackage.json`` and its CSVs); ``textfiles.py``
decodes sources and ``limits.py`` bounds them. Nothing here imports a writer.
"""
