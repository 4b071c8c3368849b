"""The build machinery, the floor above the writers: ``build.py`` (one report: read, write every
format, put the outputs in place), ``processes.py`` (writers in forked processes), ``runner.py``
(many reports, ``--jobs``, ``--watch``), ``uptodate.py`` (skip unchanged builds), ``outdir.py``
(the output folder, locks, atomic replacement) and ``formats.py`` (the writers by format). The
cache it keeps in ``out/.cache`` is ``builders/store.py``, at the bottom, so every floor may use it."""
