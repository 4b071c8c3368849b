"""The build machinery: ``build.py`` (one report: read, write every format, put the outputs in
place), ``processes.py`` (writers in forked processes), ``runner.py`` (many reports, ``--jobs``,
``--watch``), ``uptodate.py`` (skip unchanged builds), ``cache.py`` (``out/.cache``),
``outdir.py`` (the output folder, locks, atomic replacement), ``formats.py`` (the writers by
format) and ``safety.py`` (ReportLab's settings files and URL fetching closed)."""
