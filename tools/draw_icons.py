#!/usr/bin/env python3
"""Draw the bundled strategy icons (templates/icons/*.png) with Pillow primitives only.

One 600 x 600 px PNG per element of the example strategy (inputs/2023, sheet Strategi):
a coloured background -- a circle for a priority, a rounded square for a focus area or a
working method -- with a simple white pictogram. Each priority has a colour family and its
focus areas are shades of it; the working methods are neutral grey. No text is baked in: the
plan shows the element's name beside the icon.

The output is deterministic (same bytes on every run): shapes are drawn at 4x size and
down-sampled, and the PNGs are written without metadata and without optimisation.

    python tools/draw_icons.py [--out DIR]
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 600          # final icon size in px
SS = 4              # supersampling factor
WHITE = (255, 255, 255, 255)

Point = tuple[float, float]


class Pen:
    """Draws on a SIZE*SS canvas using coordinates on a SIZE x SIZE grid."""

    def __init__(self, draw: ImageDraw.ImageDraw, bg: tuple[int, int, int, int]):
        self.d = draw
        self.bg = bg

    @staticmethod
    def s(v: float) -> int:
        return round(v * SS)

    def pts(self, points) -> list[tuple[int, int]]:
        return [(self.s(x), self.s(y)) for x, y in points]

    def box(self, x0, y0, x1, y1) -> list[int]:
        return [self.s(x0), self.s(y0), self.s(x1), self.s(y1)]

    def circle(self, cx, cy, r, fill=WHITE, outline=None, width=0):
        self.d.ellipse(self.box(cx - r, cy - r, cx + r, cy + r), fill=fill,
                       outline=outline, width=self.s(width))

    def ring(self, cx, cy, r, width, colour=WHITE):
        self.circle(cx, cy, r, fill=None, outline=colour, width=width)

    def ellipse(self, x0, y0, x1, y1, fill=WHITE, outline=None, width=0):
        self.d.ellipse(self.box(x0, y0, x1, y1), fill=fill, outline=outline,
                       width=self.s(width))

    def rect(self, x0, y0, x1, y1, fill=WHITE, radius=0):
        if radius:
            self.d.rounded_rectangle(self.box(x0, y0, x1, y1), radius=self.s(radius), fill=fill)
        else:
            self.d.rectangle(self.box(x0, y0, x1, y1), fill=fill)

    def poly(self, points, fill=WHITE):
        self.d.polygon(self.pts(points), fill=fill)

    def line(self, points, width, colour=WHITE, round_caps=True):
        pts = self.pts(points)
        self.d.line(pts, fill=colour, width=self.s(width), joint="curve")
        if round_caps:
            for x, y in (pts[0], pts[-1]):
                r = self.s(width) / 2
                self.d.ellipse([x - r, y - r, x + r, y + r], fill=colour)

    def arc(self, cx, cy, r, start, end, width, colour=WHITE):
        """An arc whose stroke is centred on radius r (Pillow strokes inwards from the box)."""
        ro = r + width / 2
        self.d.arc(self.box(cx - ro, cy - ro, cx + ro, cy + ro), start, end, fill=colour,
                   width=self.s(width))

    def pieslice(self, cx, cy, r, start, end, fill=WHITE):
        self.d.pieslice(self.box(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill)

    def rotated_ellipse(self, cx, cy, rx, ry, angle_deg, fill=WHITE, n=120):
        a = math.radians(angle_deg)
        pts = []
        for i in range(n):
            t = 2 * math.pi * i / n
            x, y = rx * math.cos(t), ry * math.sin(t)
            pts.append((cx + x * math.cos(a) - y * math.sin(a),
                        cy + x * math.sin(a) + y * math.cos(a)))
        self.poly(pts, fill=fill)

    def leaf(self, cx, cy, length, width, angle_deg, fill=WHITE, n=80):
        """A pointed leaf (two circular arcs) centred on (cx, cy)."""
        a = math.radians(angle_deg)
        pts = []
        for i in range(n + 1):                       # upper edge, tip to tip
            t = -1 + 2 * i / n
            pts.append((t * length / 2, -(1 - t * t) * width / 2))
        for i in range(n + 1):                       # lower edge back
            t = 1 - 2 * i / n
            pts.append((t * length / 2, (1 - t * t) * width / 2))
        self.poly([(cx + x * math.cos(a) - y * math.sin(a),
                    cy + x * math.sin(a) + y * math.cos(a)) for x, y in pts], fill=fill)

    def arrow_head(self, tip: Point, direction_deg: float, size: float, fill=WHITE):
        a = math.radians(direction_deg)
        back = (tip[0] - size * math.cos(a), tip[1] - size * math.sin(a))
        nx, ny = -math.sin(a), math.cos(a)
        self.poly([tip,
                   (back[0] + nx * size * 0.6, back[1] + ny * size * 0.6),
                   (back[0] - nx * size * 0.6, back[1] - ny * size * 0.6)], fill=fill)


# --- pictograms (600 x 600 grid, drawn in white; p.bg is the background colour) -------------

def globe(p: Pen):
    cx, cy, r = 300, 300, 165
    p.ring(cx, cy, r, 26)
    p.ellipse(cx - 70, cy - r, cx + 70, cy + r, fill=None, outline=WHITE, width=20)
    p.line([(cx, cy - r), (cx, cy + r)], 20, round_caps=False)
    p.line([(cx - r, cy), (cx + r, cy)], 20, round_caps=False)
    for dy in (-85, 85):
        half = math.sqrt(r * r - dy * dy)
        p.line([(cx - half + 8, cy + dy), (cx + half - 8, cy + dy)], 18, round_caps=False)


def butterfly(p: Pen):
    p.rotated_ellipse(218, 240, 100, 66, 30)
    p.rotated_ellipse(382, 240, 100, 66, -30)
    p.rotated_ellipse(238, 375, 72, 50, -30)
    p.rotated_ellipse(362, 375, 72, 50, 30)
    p.rect(284, 200, 316, 440, fill=p.bg, radius=16)
    p.rect(290, 205, 310, 430, radius=10)
    p.line([(296, 208), (255, 140)], 10)
    p.line([(304, 208), (345, 140)], 10)


def circular_arrows(p: Pen):
    cx, cy, r, w, head = 300, 300, 150, 40, 90
    for start, end in ((190, 320), (10, 140)):
        p.arc(cx, cy, r, start, end, w)
        a = math.radians(end)
        end_pt = (cx + r * math.cos(a), cy + r * math.sin(a))
        direction = (-math.sin(a), math.cos(a))          # clockwise tangent
        p.arrow_head((end_pt[0] + head * direction[0], end_pt[1] + head * direction[1]),
                     end + 90, head)
    p.leaf(300, 300, 150, 80, -45)


def light_bulb(p: Pen):
    p.circle(300, 255, 120)
    p.poly([(225, 320), (375, 320), (350, 400), (250, 400)])
    p.rect(250, 412, 350, 434, radius=10)
    p.rect(258, 444, 342, 466, radius=10)
    p.rect(275, 476, 325, 494, radius=9)
    # filament in background colour
    p.line([(265, 330), (265, 270), (300, 300), (335, 270), (335, 330)], 14, colour=p.bg)


def sun(p: Pen):
    cx, cy = 300, 300
    p.circle(cx, cy, 95)
    for i in range(12):
        a = math.radians(i * 30)
        p.line([(cx + 135 * math.cos(a), cy + 135 * math.sin(a)),
                (cx + 190 * math.cos(a), cy + 190 * math.sin(a))], 24)


def bicycle(p: Pen):
    w = 20
    rear, front, crank = (175, 380), (425, 380), (285, 380)
    seat, head = (250, 265), (390, 265)
    p.ring(*rear, 90, w)
    p.ring(*front, 90, w)
    p.line([rear, crank, seat, rear], w)            # rear triangle
    p.line([seat, head, crank], w)                  # top tube, down tube
    p.line([head, front], w)                        # fork
    p.line([seat, (240, 235)], w)                   # seat post
    p.line([(210, 232), (275, 232)], 26)            # saddle
    p.line([head, (375, 220), (420, 220)], w)       # handlebar
    p.circle(*crank, 24)


def tree(p: Pen):
    p.rect(280, 410, 320, 490, radius=6)
    p.poly([(300, 110), (395, 240), (205, 240)])
    p.poly([(300, 175), (425, 335), (175, 335)])
    p.poly([(300, 250), (455, 430), (145, 430)])


def land_and_water(p: Pen):
    p.circle(300, 590, 330)                           # a wide, low hill ...
    p.rect(0, 345, 600, 600, fill=p.bg)               # ... cut off above the water
    p.line([(300, 262), (300, 185)], 16)              # sprout on the hilltop
    p.leaf(262, 205, 76, 38, 210)
    p.leaf(338, 190, 76, 38, -30)
    for y in (395, 455):                               # waves
        pts = [(x, y + 16 * math.sin((x - 110) / 380 * 4 * math.pi)) for x in range(120, 481, 6)]
        p.line(pts, 20)


def water_drop(p: Pen):
    cx, cy, r = 300, 360, 125
    p.circle(cx, cy, r)
    t = math.radians(38)
    p.poly([(cx, 115), (cx + r * math.cos(t), cy - r * math.sin(t)),
            (cx - r * math.cos(t), cy - r * math.sin(t))])
    p.arc(cx, cy, 80, 95, 160, 16, colour=p.bg)       # highlight


def house(p: Pen):
    p.poly([(300, 120), (480, 285), (120, 285)])
    p.rect(165, 270, 435, 470)
    p.rect(355, 145, 400, 230)                          # chimney
    p.rect(205, 360, 265, 470, fill=p.bg, radius=6)   # door
    p.leaf(355, 360, 120, 62, -45, fill=p.bg)         # leaf in the wall
    p.line([(322, 393), (388, 327)], 8)


def plate_and_cutlery(p: Pen):
    p.ring(300, 300, 115, 24)
    p.circle(300, 300, 62)
    # fork
    p.rect(123, 275, 141, 470, radius=9)
    for x in (108, 132, 156):
        p.rect(x - 6, 140, x + 6, 250, radius=6)
    p.rect(102, 235, 162, 285, radius=14)
    # knife
    p.rect(461, 280, 479, 470, radius=9)
    p.poly([(458, 300), (458, 170), (480, 140), (490, 160), (490, 300)])


def shopping_bag(p: Pen):
    p.arc(300, 240, 75, 180, 360, 24)
    p.poly([(160, 230), (440, 230), (465, 480), (135, 480)])
    p.leaf(300, 360, 160, 86, -45, fill=p.bg)
    p.line([(252, 408), (348, 312)], 9)


def flag(p: Pen):
    p.rect(170, 110, 196, 490, radius=10)
    pts_top = [(x, 140 + 22 * math.sin((x - 196) / 250 * 2 * math.pi)) for x in range(196, 451, 5)]
    pts_bot = [(x, 320 + 22 * math.sin((x - 196) / 250 * 2 * math.pi)) for x in range(450, 195, -5)]
    p.poly(pts_top + pts_bot)
    p.rect(130, 470, 236, 496, radius=10)


def people(p: Pen):
    for cx, cy, r, sh in ((185, 250, 48, 100), (415, 250, 48, 100)):
        p.circle(cx, cy, r)
        p.pieslice(cx, cy + 175, sh, 180, 360)
    p.circle(300, 225, 62, fill=p.bg)
    p.pieslice(300, 445, 140, 180, 360, fill=p.bg)
    p.circle(300, 225, 52)
    p.pieslice(300, 445, 128, 180, 360)
    p.rect(100, 445, 500, 470, fill=p.bg)


def speech_bubble(p: Pen):
    p.rect(110, 140, 490, 390, radius=60)
    p.poly([(190, 380), (290, 380), (170, 480)])
    for x in (215, 300, 385):
        p.circle(x, 265, 30, fill=p.bg)


# --- the icon set -----------------------------------------------------------------------------

BLUE = ["#1B4F8A", "#2563A6", "#1F7A9E", "#2F6FBF"]
GREEN = ["#2E6B30", "#3A8A3D", "#4F7F27", "#23806B"]
ORANGE = ["#A8461A", "#C2571F", "#B86E12", "#A9532F"]
GREY = ["#4A5560", "#5A6470", "#616872"]

# file name, background shape, colour, pictogram
ICONS: list[tuple[str, str, str, callable]] = [
    ("hejda-klimatforandringarna.png", "circle", BLUE[0], globe),
    ("energieffektivisera.png", "square", BLUE[1], light_bulb),
    ("utveckla-fornybar-energi.png", "square", BLUE[2], sun),
    ("res-hallbart.png", "square", BLUE[3], bicycle),
    ("stark-den-biologiska-mangfalden.png", "circle", GREEN[0], butterfly),
    ("utveckla-naturvarden.png", "square", GREEN[1], tree),
    ("hallbart-brukande-av-mark-och-vatten.png", "square", GREEN[2], land_and_water),
    ("skapa-ett-hallbart-vatten-och-avlopp.png", "square", GREEN[3], water_drop),
    ("skapa-en-cirkular-ekonomi.png", "circle", ORANGE[0], circular_arrows),
    ("bygg-och-bo-hallbart.png", "square", ORANGE[1], house),
    ("at-hallbart.png", "square", ORANGE[2], plate_and_cutlery),
    ("konsumera-miljosmart.png", "square", ORANGE[3], shopping_bag),
    ("kommunen-gar-fore.png", "square", GREY[0], flag),
    ("borlange-i-samverkan.png", "square", GREY[1], people),
    ("delaktighet-information-och-utbildning.png", "square", GREY[2], speech_bubble),
]


def hex_rgba(colour: str) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), 255)


def render(shape: str, colour: str, pictogram) -> Image.Image:
    big = SIZE * SS
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    bg = hex_rgba(colour)
    m = 8 * SS
    if shape == "circle":
        draw.ellipse([m, m, big - m, big - m], fill=bg)
    else:
        draw.rounded_rectangle([m, m, big - m, big - m], radius=110 * SS, fill=bg)
    mask = img.getchannel("A")
    pictogram(Pen(draw, bg))
    img.putalpha(mask)                  # clip the pictogram to the background shape
    return img.resize((SIZE, SIZE), Image.LANCZOS)


def main(argv: list[str] | None = None) -> int:
    default_out = Path(__file__).resolve().parent.parent / "templates" / "icons"
    ap = argparse.ArgumentParser(description="Ritar strategiikonerna som PNG-filer.")
    ap.add_argument("--out", type=Path, default=default_out, help="målmapp (standard: %(default)s)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, shape, colour, pictogram in ICONS:
        img = render(shape, colour, pictogram)
        path = args.out / name
        tmp = path.with_suffix(".tmp")
        img.save(tmp, format="PNG", optimize=False, compress_level=9)
        tmp.replace(path)
        print(f"skrev {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
