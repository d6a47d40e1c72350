"""Draw the application icon (PNG for the window, ICO for the Windows build).

Run once after changing the design; the outputs are committed. Drawn in
code so the icon has a known licence (ours) and can be regenerated.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
TEAL, WHITE, AMBER = (0, 109, 119, 255), (255, 255, 255, 255), (255, 183, 3, 255)


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    d.rounded_rectangle([8 * s, 8 * s, 248 * s, 248 * s], radius=48 * s, fill=TEAL)
    # three rising bars: places created year by year
    for i, h in enumerate((70, 110, 150)):
        x0 = (52 + i * 54) * s
        d.rounded_rectangle([x0, (200 - h) * s, x0 + 38 * s, 200 * s], radius=6 * s, fill=WHITE)
    # a map pin over the tallest bar: places close to home
    cx, cy, r = 179 * s, 60 * s, 26 * s
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=AMBER)
    d.polygon([(cx - r * 0.8, cy + r * 0.5), (cx + r * 0.8, cy + r * 0.5), (cx, cy + r * 1.9)], fill=AMBER)
    d.ellipse([cx - r * 0.4, cy - r * 0.4, cx + r * 0.4, cy + r * 0.4], fill=TEAL)
    return img


if __name__ == "__main__":
    icon = draw()
    icon.save(ROOT / "sufficiency_app" / "assets" / "app.png")
    icon.save(ROOT / "packaging" / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
