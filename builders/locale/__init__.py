"""An edition's language, on the bottom floor so readers and writers alike may use it:
``furniture.py`` (briefkit's own words from the gettext catalogues in ``catalogues/``, language
tags, CLDR dates and numbers) and ``values.py`` (how a dataset's values print)."""
