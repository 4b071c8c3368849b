"""What both writers share: the theme, fonts (choice per script, metrics, caches), charts drawn
from a ChartSpec, bidirectional text, how values print, table column widths, and the check that
every character shown has a font."""
