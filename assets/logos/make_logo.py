"""Draws assets/logos/briefkit-mark.png (run once; the PNG is committed)."""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
NAVY, RUST = (20, 54, 93, 255), (181, 69, 43, 255)
scale = 4
w, h = 236 * scale, 64 * scale
img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
s = 64 * scale
d.rounded_rectangle((0, 0, s - 1, s - 1), radius=10 * scale, fill=NAVY)
for i, (length, colour) in enumerate(((38, "white"), (30, "white"), (20, RUST))):
    y = (16 + i * 13) * scale
    d.rounded_rectangle((13 * scale, y, (13 + length) * scale, y + 7 * scale), radius=3 * scale, fill=colour)
font = ImageFont.truetype(str(HERE.parent / "fonts" / "NotoSans-Bold.ttf"), 40 * scale)
d.text((76 * scale, 30 * scale), "briefkit", font=font, fill=NAVY, anchor="lm")
img.save(HERE / "briefkit-mark.png", optimize=True)
