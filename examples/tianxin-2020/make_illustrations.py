#!/usr/bin/env python3
"""Draw the stylised illustrations used by the tianxin-2020 example brochure.

No photographs accompany the source article, so every picture in this example is an
original, flat "vector-like" illustration drawn here with Pillow. The output is
deterministic (fixed random seeds) and written to ``images/`` next to this script:

    cover.jpg   2560 x 3600 px  river city at dusk (A4 full-bleed cover, 300 ppi)
    2.jpg-7.jpg 2700 x 1688 px  section illustrations (216 mm full-bleed openers, > 310 ppi)

Run from the repository root:  python examples/tianxin-2020/make_illustrations.py
"""
from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent / "images"
SS = 2  # supersampling factor: draw at 2x, downsample with LANCZOS
OUTPUT_SCALE = 1.125  # landscape output: 2400 x 1500 design units -> 2700 x 1688 px

# ---------------------------------------------------------------- palette
RED = (179, 18, 31)          # #B3121F accent
RED_D = (128, 14, 24)
RED_L = (214, 64, 58)
GOLD = (236, 178, 84)
GOLD_L = (250, 214, 140)
NAVY = (27, 42, 65)
NAVY_D = (18, 27, 44)
TEAL = (31, 111, 120)
TEAL_D = (19, 74, 86)
TEAL_L = (96, 170, 170)
AQUA = (150, 205, 200)
CREAM = (246, 239, 226)
SAND = (232, 217, 192)
STONE = (196, 182, 160)
WARM_G = (120, 110, 100)
INK = (40, 38, 44)
G_D = (38, 92, 70)
G_M = (62, 124, 89)
G_L = (108, 163, 104)
G_LL = (167, 201, 120)
SKY_T = (72, 140, 196)
SKY_B = (204, 230, 238)


def mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def rgba(c, a):
    return (c[0], c[1], c[2], int(a))


def gradient_img(w, h, stops, horizontal=False):
    """Multi-stop linear gradient as an RGB image. stops: [(pos 0..1, rgb), ...]."""
    g = Image.linear_gradient("L").resize((256, 256))
    if horizontal:
        g = g.rotate(90, expand=True).transpose(Image.FLIP_LEFT_RIGHT)
    g = g.resize((max(1, w), max(1, h)), Image.BILINEAR)
    luts = [[], [], []]
    for v in range(256):
        t = v / 255
        for i in range(len(stops) - 1):
            p0, c0 = stops[i]
            p1, c1 = stops[i + 1]
            if t <= p1 or i == len(stops) - 2:
                u = 0 if p1 == p0 else min(1, max(0, (t - p0) / (p1 - p0)))
                col = mix(c0, c1, u)
                break
        for k in range(3):
            luts[k].append(col[k])
    return Image.merge("RGB", [g.point(luts[k]) for k in range(3)])


class Canvas:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.img = Image.new("RGB", (w * SS, h * SS), CREAM)
        self.d = ImageDraw.Draw(self.img, "RGBA")

    # coordinates are given in final-pixel units and scaled here
    def _p(self, pts):
        return [(x * SS, y * SS) for x, y in pts]

    def poly(self, pts, fill):
        self.d.polygon(self._p(pts), fill=fill)

    def rect(self, x0, y0, x1, y1, fill, r=0):
        box = [x0 * SS, y0 * SS, x1 * SS, y1 * SS]
        if r:
            self.d.rounded_rectangle(box, radius=r * SS, fill=fill)
        else:
            self.d.rectangle(box, fill=fill)

    def ell(self, cx, cy, rx, ry, fill):
        self.d.ellipse([(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS], fill=fill)

    def line(self, pts, fill, width):
        self.d.line(self._p(pts), fill=fill, width=max(1, round(width * SS)), joint="curve")

    def grad(self, box, stops, mask_poly=None, horizontal=False):
        x0, y0, x1, y1 = [round(v * SS) for v in box]
        g = gradient_img(x1 - x0, y1 - y0, stops, horizontal)
        if mask_poly is None:
            self.img.paste(g, (x0, y0))
        else:
            m = Image.new("L", g.size, 0)
            ImageDraw.Draw(m).polygon([(x * SS - x0, y * SS - y0) for x, y in mask_poly], fill=255)
            self.img.paste(g, (x0, y0), m)

    def glow(self, cx, cy, rx, ry, color, alpha=255, power=1.6):
        """Soft radial glow (bright centre fading to nothing)."""
        w, h = max(2, round(2 * rx * SS)), max(2, round(2 * ry * SS))
        r = Image.radial_gradient("L").resize((w, h), Image.BILINEAR)
        m = r.point(lambda v: int(alpha * max(0.0, 1 - min(1.0, v / 255 * 1.42)) ** power))
        self.img.paste(color, (round((cx - rx) * SS), round((cy - ry) * SS)), m)

    def blur_region(self, box, radius):
        x0, y0, x1, y1 = [round(v * SS) for v in box]
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(self.img.width, x1), min(self.img.height, y1)
        reg = self.img.crop((x0, y0, x1, y1)).filter(ImageFilter.GaussianBlur(radius * SS))
        self.img.paste(reg, (x0, y0))

    def save(self, name):
        # Landscape pictures are placed full-bleed across 216 mm (A4 + bleed): scale the 2x drawing to
        # 2700 px so they stay above 300 ppi there (a real downsample, never an upsample).
        size = (self.w, self.h) if self.h > self.w else (round(self.w * OUTPUT_SCALE), round(self.h * OUTPUT_SCALE))
        out = self.img.resize(size, Image.LANCZOS)
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / name
        out.save(path, "JPEG", quality=90, optimize=True, progressive=False,
                 subsampling="4:2:0", dpi=(300, 300))
        print(f"wrote {path.relative_to(OUT.parent.parent.parent)}  {out.width}x{out.height}  "
              f"{path.stat().st_size / 1024:.0f} KB")
        return out


# ---------------------------------------------------------------- building blocks
def ridge_pts(rng, x0, x1, base, amp, n_waves=3, step=8, sharp=1.0):
    waves = [(rng.uniform(0.6, 1.0) / (k + 1) ** 0.8, rng.uniform(1.2, 2.2) * (k + 1) ** 1.15,
              rng.uniform(0, math.tau)) for k in range(n_waves)]
    norm = sum(a for a, _, _ in waves)
    pts = []
    x = x0
    while x <= x1 + step:
        t = (x - x0) / max(1, x1 - x0)
        v = sum(a * math.sin(f * t * math.pi + ph) for a, f, ph in waves) / norm
        v = (v + 1) / 2
        pts.append((x, base - amp * v ** sharp))
        x += step
    return pts


def hill(c, rng, base, amp, color, n_waves=3, sharp=1.0, bottom=None, x0=-20, x1=None):
    x1 = c.w + 20 if x1 is None else x1
    pts = ridge_pts(rng, x0, x1, base, amp, n_waves, sharp=sharp)
    bottom = c.h + 10 if bottom is None else bottom
    c.poly(pts + [(x1, bottom), (x0, bottom)], color)
    return pts


def cloud(c, x, y, s, color, alpha=235):
    """Puffy flat cloud; drawn as one mask so overlapping puffs don't double up."""
    x0, y0 = round((x - 1.3 * s) * SS), round((y - 1.1 * s) * SS)
    m = Image.new("L", (round(2.7 * s * SS), round(1.5 * s * SS)), 0)
    md = ImageDraw.Draw(m)

    def e(cx, cy, rx, ry):
        md.ellipse([(cx - rx) * SS - x0, (cy - ry) * SS - y0, (cx + rx) * SS - x0, (cy + ry) * SS - y0], fill=alpha)

    md.rounded_rectangle([(x - 1.1 * s) * SS - x0, (y - 0.28 * s) * SS - y0, (x + 1.15 * s) * SS - x0,
                          (y + 0.28 * s) * SS - y0], radius=0.28 * s * SS, fill=alpha)
    e(x - 0.35 * s, y - 0.3 * s, 0.48 * s, 0.42 * s)
    e(x + 0.3 * s, y - 0.42 * s, 0.55 * s, 0.52 * s)
    e(x + 0.82 * s, y - 0.12 * s, 0.34 * s, 0.3 * s)
    c.img.paste(color, (x0, y0), m)


def building(c, rng, x, base, w, h, col, style=0, windows="grid", win_col=None, lit_col=None,
             lit=0.0, side=0.16, glass=None):
    """Flat-style tower. style: 0 flat, 1 stepped, 2 spire, 3 slanted, 4 rounded crown."""
    top = base - h
    shade = mix(col, (0, 0, 0), side)
    if style == 1:
        c.rect(x + w * 0.18, top - h * 0.08, x + w * 0.82, top + 2, col)
        c.rect(x + w * 0.34, top - h * 0.14, x + w * 0.66, top, col)
    elif style == 2:
        c.poly([(x + w * 0.2, top + 2), (x + w * 0.5, top - h * 0.09), (x + w * 0.8, top + 2)], col)
        c.rect(x + w * 0.485, top - h * 0.2, x + w * 0.515, top, col)
    elif style == 3:
        c.poly([(x, top + h * 0.05), (x + w, top - h * 0.05), (x + w, top + 4), (x, top + 4)], col)
    elif style == 4:
        c.ell(x + w / 2, top, w / 2, w * 0.28, col)
    c.rect(x, top, x + w, base, col)
    c.rect(x + w * 0.72, top, x + w, base, shade)
    if windows == "grid":
        cols = max(2, int(w / 26))
        rows = int((h - 30) / 34)
        gx = w * 0.8 / cols
        for r in range(rows):
            for k in range(cols):
                wx = x + w * 0.1 + k * gx
                wy = top + 24 + r * 34
                if lit and rng.random() < lit:
                    fill = lit_col
                else:
                    fill = win_col
                if fill:
                    c.rect(wx + gx * 0.2, wy, wx + gx * 0.8, wy + 16, fill)
    elif windows == "bands":
        r = 0
        y = top + 20
        while y < base - 20:
            c.rect(x + w * 0.06, y, x + w * 0.94, y + 7, win_col)
            y += 30
            r += 1
    elif windows == "stripes":  # glass curtain wall
        n = max(3, int(w / 22))
        for k in range(n):
            t = k / n
            cc = mix(glass[0], glass[1], t)
            c.rect(x + w * t, top, x + w * (t + 1 / n) - 3, base, cc)
        c.rect(x + w * 0.72, top, x + w, base, rgba((0, 0, 0), 40))
        y = top + 40
        while y < base:
            c.rect(x, y, x + w, y + 3, rgba((255, 255, 255), 45))
            y += 44


def tree_round(c, x, base, s, col, trunk=None, light=None):
    trunk = trunk or mix(col, INK, 0.55)
    c.rect(x - s * 0.06, base - s * 0.9, x + s * 0.06, base, trunk)
    c.ell(x, base - s * 1.25, s * 0.55, s * 0.6, col)
    c.ell(x - s * 0.32, base - s * 1.0, s * 0.4, s * 0.38, col)
    c.ell(x + s * 0.34, base - s * 1.02, s * 0.42, s * 0.38, col)
    if light:
        c.ell(x - s * 0.15, base - s * 1.45, s * 0.26, s * 0.22, light)


def tree_cone(c, x, base, s, col, trunk=None):
    trunk = trunk or mix(col, INK, 0.5)
    c.rect(x - s * 0.05, base - s * 0.4, x + s * 0.05, base, trunk)
    c.poly([(x - s * 0.32, base - s * 0.3), (x, base - s * 1.6), (x + s * 0.32, base - s * 0.3)], col)
    c.poly([(x, base - s * 1.6), (x + s * 0.32, base - s * 0.3), (x + s * 0.06, base - s * 0.3)],
           rgba((0, 0, 0), 35))


def person(c, x, base, h, col, rng=None, stride=0.0, bag=None):
    hr = h * 0.075
    c.ell(x, base - h + hr, hr, hr, col)
    sh = base - h + 2.3 * hr
    hip = base - h * 0.45
    c.rect(x - h * 0.09, sh, x + h * 0.09, hip + h * 0.04, col, r=h * 0.06)
    lw = h * 0.06
    c.line([(x - h * 0.04, hip), (x - h * 0.04 - stride * h * 0.18, base)], col, lw)
    c.line([(x + h * 0.04, hip), (x + h * 0.04 + stride * h * 0.18, base)], col, lw)
    c.line([(x - h * 0.08, sh + h * 0.03), (x - h * 0.12 - stride * h * 0.08, hip)], col, lw * 0.8)
    c.line([(x + h * 0.08, sh + h * 0.03), (x + h * 0.12 + stride * h * 0.08, hip)], col, lw * 0.8)
    if bag:
        c.rect(x + h * 0.1, hip - h * 0.1, x + h * 0.2, hip + h * 0.02, bag, r=h * 0.02)


def lantern(c, x, y, s, col=RED):
    c.glow(x, y, s * 2.6, s * 2.6, GOLD_L, 120)
    c.line([(x, y - s * 1.5), (x, y - s * 0.8)], INK, max(1.5, s * 0.06))
    c.ell(x, y, s * 0.82, s * 0.72, col)
    c.ell(x - s * 0.18, y - s * 0.05, s * 0.28, s * 0.55, rgba(RED_L, 200))
    c.rect(x - s * 0.38, y - s * 0.86, x + s * 0.38, y - s * 0.64, GOLD)
    c.rect(x - s * 0.38, y + s * 0.64, x + s * 0.38, y + s * 0.86, GOLD)
    c.line([(x, y + s * 0.86), (x, y + s * 1.35)], GOLD, max(1.5, s * 0.1))


def cn_roof(c, x0, x1, ye, rh, col, ov=None, curl=None, tile=None, ridge_col=None):
    """Traditional roof with concave slopes and upturned eaves; eave line at ye."""
    ov = rh * 0.55 if ov is None else ov
    curl = rh * 0.35 if curl is None else curl
    w = x1 - x0
    rx0, rx1 = x0 + w * 0.12, x1 - w * 0.12
    yr = ye - rh
    n = 24
    lower, upper_l, upper_r = [], [], []
    L, R = x0 - ov, x1 + ov
    for i in range(n + 1):  # lower eave edge, curling up at ends
        t = i / n
        x = L + (R - L) * t
        e = abs(t - 0.5) * 2
        lower.append((x, ye - curl * e ** 4))
    for i in range(n + 1):  # concave slopes
        t = i / n
        upper_l.append((L + (rx0 - L) * t, (ye - curl) + (yr - (ye - curl)) * (t ** 0.6)))
        upper_r.append((R + (rx1 - R) * t, (ye - curl) + (yr - (ye - curl)) * (t ** 0.6)))
    pts = lower + upper_r + upper_l[::-1]
    c.poly(pts, col)
    if tile:
        k = 0
        m = int(w / 18)
        for i in range(1, m):
            t = i / m
            xb = L + (R - L) * t
            e = abs(t - 0.5) * 2
            yb = ye - curl * e ** 4
            xt = rx0 + (rx1 - rx0) * t
            c.line([(xb, yb - 2), (xt, yr + 4)], tile, 2.2)
            k += 1
    rc = ridge_col or mix(col, (0, 0, 0), 0.25)
    c.rect(rx0 - 6, yr - rh * 0.12, rx1 + 6, yr + 3, rc)
    c.poly([(rx0 - 6, yr - rh * 0.12), (rx0 - rh * 0.35, yr - rh * 0.38), (rx0 - rh * 0.05, yr + 3)], rc)
    c.poly([(rx1 + 6, yr - rh * 0.12), (rx1 + rh * 0.35, yr - rh * 0.38), (rx1 + rh * 0.05, yr + 3)], rc)
    fl, fr = L + (R - L) * 0.12, R - (R - L) * 0.12
    c.rect(fl, ye - 2, fr, ye + rh * 0.06, mix(col, (0, 0, 0), 0.35), r=rh * 0.03)


def water_streaks(c, rng, y0, y1, x0, x1, col, n, alpha=110, maxlen=260):
    for _ in range(n):
        y = rng.uniform(y0, y1)
        t = (y - y0) / max(1, y1 - y0)
        ln = rng.uniform(0.3, 1.0) * maxlen * (0.4 + t)
        x = rng.uniform(x0 - 50, x1)
        th = 2 + 4 * t
        c.rect(x, y, x + ln, y + th, rgba(col, alpha * rng.uniform(0.5, 1)), r=th / 2)


def birds(c, rng, n, box, col, size=18):
    x0, y0, x1, y1 = box
    for _ in range(n):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        s = size * rng.uniform(0.6, 1.2)
        c.line([(x - s, y - s * 0.35), (x - s * 0.45, y - s * 0.45), (x, y)], col, s * 0.14)
        c.line([(x, y), (x + s * 0.45, y - s * 0.45), (x + s, y - s * 0.35)], col, s * 0.14)


# ---------------------------------------------------------------- cover: river city at dusk
def pavilion(c, cx, base, s):
    """Multi-eave riverside pavilion (after the Du Fu pavilion on the east bank)."""
    roof = (52, 50, 58)
    c.rect(cx - s * 0.75, base - s * 0.14, cx + s * 0.75, base, mix(STONE, NAVY, 0.35))
    c.rect(cx - s * 0.62, base - s * 0.22, cx + s * 0.62, base - s * 0.13, mix(STONE, NAVY, 0.2))
    for k in range(0, 13):
        x = cx - s * 0.6 + k * s * 0.1
        c.rect(x - 3, base - s * 0.3, x + 3, base - s * 0.22, mix(STONE, NAVY, 0.2))
    c.rect(cx - s * 0.62, base - s * 0.31, cx + s * 0.62, base - s * 0.29, mix(STONE, NAVY, 0.2))
    y = base - s * 0.22
    widths = [0.48, 0.40, 0.32]
    hts = [0.34, 0.28, 0.24]
    for i, (wf, hf) in enumerate(zip(widths, hts)):
        w, h = s * wf, s * hf
        c.rect(cx - w, y - h, cx + w, y, RED_D)
        for k in range(5):  # columns
            x = cx - w + (k + 0.5) * (2 * w / 5)
            c.rect(x - s * 0.018, y - h, x + s * 0.018, y, RED)
        for k in range(4):  # glowing lattice windows
            x = cx - w + (k + 1) * (2 * w / 5)
            c.rect(x - s * 0.045, y - h * 0.78, x + s * 0.045, y - h * 0.2, GOLD_L)
            c.rect(x - s * 0.045, y - h * 0.52, x + s * 0.045, y - h * 0.49, GOLD)
        c.rect(cx - w - s * 0.03, y - h * 0.12, cx + w + s * 0.03, y - h * 0.06, mix(RED_D, INK, 0.2))
        rh = s * (0.16 - 0.02 * i)
        cn_roof(c, cx - w, cx + w, y - h + s * 0.02, rh, roof, ov=s * 0.13, curl=rh * 0.55,
                tile=mix(roof, (255, 255, 255), 0.12))
        y = y - h - rh * 0.8
    c.rect(cx - s * 0.012, y - s * 0.2, cx + s * 0.012, y + 2, GOLD)
    c.ell(cx, y - s * 0.04, s * 0.04, s * 0.05, GOLD)


def make_cover():
    rng = random.Random(2020)
    W, H = 2560, 3600
    c = Canvas(W, H)
    hz = 2140  # horizon / far bank line
    c.grad((0, 0, W, hz), [(0, (24, 33, 72)), (0.35, (62, 62, 120)), (0.62, (176, 92, 120)),
                           (0.84, (238, 140, 104)), (1, (252, 196, 132))])
    for _ in range(140):  # first stars
        x, y = rng.uniform(0, W), rng.uniform(0, 800)
        r = rng.uniform(1.5, 3.5)
        c.ell(x, y, r, r, rgba((255, 240, 220), rng.uniform(90, 200)))
    c.glow(1560, 1850, 900, 700, (255, 200, 140), 170)
    c.ell(1560, 1850, 150, 150, (255, 222, 168))
    c.ell(1560, 1850, 150, 150, rgba((255, 240, 200), 120))
    for x, y, s, a in [(520, 1180, 170, 90), (1950, 1040, 210, 80), (2250, 1500, 140, 110),
                       (760, 1580, 120, 120), (1250, 1380, 95, 90)]:
        cloud(c, x, y, s, (255, 196, 170), a)
    # far hills (Yuelu side) in haze
    hill(c, rng, hz - 120, 260, (150, 96, 128), n_waves=3, bottom=hz + 5)
    hill(c, rng, hz - 40, 170, (118, 80, 118), n_waves=4, bottom=hz + 5)
    # skyline
    skyline_col = [(66, 58, 104), (54, 50, 92), (44, 44, 82)]
    x = -30
    bases = []
    while x < W + 40:
        w = rng.uniform(90, 190)
        h = rng.uniform(200, 520)
        if 1900 < x < 2200:
            h += 160
        col = rng.choice(skyline_col)
        bases.append((x, w, h, col, rng.randrange(5)))
        x += w + rng.uniform(-20, 25)
    for (x, w, h, col, st) in bases:
        building(c, rng, x, hz + 10, w, h, col, style=st, win_col=None,
                 lit_col=rgba((255, 210, 140), 220), lit=0.22, side=0.18)
    # landmark twin towers
    for (x, w, h) in [(520, 170, 1060), (735, 150, 900)]:
        building(c, rng, x, hz + 10, w, h, (40, 42, 80), style=2, win_col=None,
                 lit_col=rgba((255, 214, 150), 235), lit=0.35, side=0.22)
        c.rect(x + w * 0.45, hz + 10 - h - h * 0.2, x + w * 0.55, hz + 10 - h - h * 0.19, RED_L)
        c.glow(x + w * 0.5, hz + 10 - h - h * 0.2, 26, 26, (255, 90, 80), 255)
    # river
    c.grad((0, hz, W, H), [(0, (236, 150, 120)), (0.15, (150, 104, 130)), (0.5, (52, 78, 112)),
                           (1, (20, 48, 70))])
    # reflections of skyline (mirrored, translucent)
    for (x, w, h, col, st) in bases:
        rh = h * 0.55
        c.rect(x, hz + 10, x + w, hz + 10 + rh, rgba(col, 95))
    for (x, w, h) in [(520, 170, 1060), (735, 150, 900)]:
        c.rect(x, hz + 10, x + w, hz + 10 + h * 0.55, rgba((40, 42, 80), 90))
    # sun path on the water
    for i in range(46):
        y = hz + 30 + i * 26 + rng.uniform(-6, 6)
        half = 40 + i * 9 * rng.uniform(0.6, 1.2)
        xo = rng.uniform(-40, 40)
        c.rect(1560 + xo - half, y, 1560 + xo + half, y + 6 + i * 0.2,
               rgba((255, 210, 150), 200 - i * 3.5), r=4)
    water_streaks(c, rng, hz + 20, H - 200, 0, W, (255, 220, 200), 160, alpha=55, maxlen=300)
    # far bank shoreline
    c.rect(0, hz + 4, W, hz + 16, (40, 38, 70))
    # bridge (open-spandrel arches) across the river
    by = 2330
    deck = (36, 36, 66)
    c.rect(-20, by, W + 20, by + 34, deck)
    c.rect(-20, by - 10, W + 20, by, rgba((255, 200, 150), 60))
    span = 420
    for k in range(-1, 8):
        x0 = 60 + k * span
        arch = []
        for i in range(41):
            t = i / 40
            arch.append((x0 + span * t, by + 215 - 180 * math.sin(math.pi * t)))
        c.line(arch, deck, 22)
        for i in range(1, 8):
            t = i / 8
            ya = by + 215 - 180 * math.sin(math.pi * t)
            c.rect(x0 + span * t - 5, by + 30, x0 + span * t + 5, ya, deck)
        c.rect(x0 - 22, by + 34, x0 + 22, by + 330, deck)
        c.rect(x0 - 34, by + 300, x0 + 34, by + 340, deck)
    for k in range(0, 34):  # street lights on deck
        x = 30 + k * 78
        c.rect(x - 2, by - 40, x + 2, by, deck)
        c.glow(x, by - 42, 20, 20, (255, 214, 150), 255)
    # bridge reflection
    c.rect(-20, by + 340, W + 20, by + 362, rgba(deck, 90))
    # foreground bank with pavilion and trees
    bank = [(-20, 2700)]
    for i in range(0, 41):
        t = i / 40
        bank.append((-20 + 1450 * t, 2700 + 120 * t ** 2 + 20 * math.sin(t * 7)))
    bank += [(1430, 3000), (1700, 3180), (2000, 3330), (W + 20, 3420), (W + 20, H + 10), (-20, H + 10)]
    c.grad((-20, 2640, W + 20, H + 10), [(0, (40, 48, 70)), (0.5, (28, 34, 52)), (1, (18, 22, 36))],
           mask_poly=bank)
    # paving lines on the promenade
    for k in range(1, 9):
        yy = 2730 + k * 60
        c.line([(-20, yy), (1430 - k * 40, yy + 150 + k * 30)], rgba((90, 96, 130), 60), 3)
    # embankment wall and promenade
    c.poly([(-20, 2690), (1430, 2830), (1430, 2860), (-20, 2725)], (70, 70, 96))
    for k in range(0, 30):
        x = 20 + k * 48
        y = 2690 + (x + 20) / 1450 * 140
        c.rect(x - 3, y - 40, x + 3, y, (70, 70, 96))
    c.line([(-20, 2655), (1430, 2795)], (70, 70, 96), 6)
    pavilion(c, 520, 2700, 900)
    for (x, s, col) in [(1080, 260, (28, 62, 58)), (1250, 330, (22, 52, 50)), (1400, 240, (34, 72, 64)),
                        (60, 300, (22, 52, 50)), (-40, 380, (28, 62, 58))]:
        tree_round(c, x, 2820 if x > 900 else 2720, s, col, light=rgba((255, 190, 140), 40))
    # foreground reeds rising from the bottom-right corner
    for i in range(70):
        x = 1900 + i * 10 + rng.uniform(-8, 8)
        h = rng.uniform(180, 420)
        lean = rng.uniform(-70, 30)
        c.line([(x, H + 10), (x + lean * 0.4, H - h * 0.5), (x + lean, H - h)], (20, 26, 40), 6)
        if rng.random() < 0.25:
            c.ell(x + lean, H - h - 14, 7, 22, (20, 26, 40))
    # promenade lights and small figures
    for k, x in enumerate([200, 860, 1320]):
        y = 2690 + (x + 20) / 1450 * 140
        c.rect(x - 4, y - 170, x + 4, y, (60, 60, 86))
        c.glow(x, y - 175, 60, 60, (255, 210, 150), 230)
        c.ell(x, y - 175, 12, 12, (255, 236, 200))
    for (x, h, st) in [(940, 120, 0.5), (980, 105, -0.4), (1180, 118, 0.3)]:
        y = 2690 + (x + 20) / 1450 * 140
        person(c, x, y, h, (26, 30, 44), stride=st)
    c.blur_region((0, 0, W, 2000), 0.6)
    return c.save("cover.jpg")


# ---------------------------------------------------------------- 2: tech / expo forum hall
def make_2():
    rng = random.Random(2)
    W, H = 2400, 1500
    c = Canvas(W, H)
    c.grad((0, 0, W, H), [(0, (16, 30, 58)), (0.6, (26, 54, 88)), (1, (14, 26, 46))])
    # ceiling light rings
    for k in range(7):
        y = 60 + k * 34
        c.line([(0, y + 180 - k * 10), (W / 2, y), (W, y + 180 - k * 10)], rgba(TEAL_L, 40 + k * 8), 5)
    # floor in perspective
    fy = 980
    c.grad((0, fy, W, H), [(0, (30, 58, 86)), (1, (12, 22, 40))])
    vx = W / 2
    for k in range(-14, 15):
        c.line([(vx + k * 40, fy), (vx + k * 260, H)], rgba(TEAL_L, 40), 2)
    for k in range(12):
        t = (k / 12) ** 1.8
        y = fy + (H - fy) * t
        c.line([(0, y), (W, y)], rgba(TEAL_L, 40), 2)
    # stage + big curved screen
    c.rect(420, 900, 1980, 990, (22, 40, 64))
    c.rect(420, 900, 1980, 912, rgba(AQUA, 160))
    scr = [(500, 270), (1900, 270), (1900, 860), (500, 860)]
    c.glow(1200, 560, 1000, 520, (60, 150, 190), 120)
    c.grad((500, 270, 1900, 860), [(0, (18, 64, 96)), (1, (12, 40, 70))])
    c.line(scr + [scr[0]], rgba(AQUA, 200), 6)
    # globe with orbits and satellites
    gx, gy, gr = 1200, 565, 230
    c.glow(gx, gy, gr * 1.8, gr * 1.8, (110, 200, 210), 140)
    c.ell(gx, gy, gr, gr, (28, 110, 140))
    # stylised land masses
    for (x, y, rx, ry) in [(-60, -60, 90, 55), (40, -20, 70, 90), (-90, 70, 60, 40), (110, 90, 50, 35)]:
        c.ell(gx + x, gy + y, rx, ry, (96, 160, 128))
    for k in range(-3, 4):  # latitude
        yy = gy + k * gr / 4
        rx = gr * math.sqrt(max(0, 1 - (k / 4) ** 2))
        c.d.ellipse([(gx - rx) * SS, (yy - 8) * SS, (gx + rx) * SS, (yy + 8) * SS], outline=rgba(AQUA, 150), width=3 * SS)
    for k in range(1, 4):  # longitude
        rx = gr * k / 4
        c.d.ellipse([(gx - rx) * SS, (gy - gr) * SS, (gx + rx) * SS, (gy + gr) * SS], outline=rgba(AQUA, 150), width=3 * SS)
    for (rx, ry, a0, col) in [(420, 120, 0.3, GOLD), (360, 170, 2.0, AQUA), (470, 90, 4.0, RED_L)]:
        c.d.ellipse([(gx - rx) * SS, (gy - ry) * SS, (gx + rx) * SS, (gy + ry) * SS],
                    outline=rgba(col, 170), width=4 * SS)
        sx, sy = gx + rx * math.cos(a0), gy + ry * math.sin(a0)
        c.rect(sx - 22, sy - 10, sx + 22, sy + 10, rgba(col, 255), r=3)
        c.rect(sx - 60, sy - 6, sx - 26, sy + 6, rgba(AQUA, 230))
        c.rect(sx + 26, sy - 6, sx + 60, sy + 6, rgba(AQUA, 230))
    # network nodes on screen
    nodes = [(rng.uniform(560, 1840), rng.uniform(310, 820)) for _ in range(26)]
    nodes = [n for n in nodes if math.hypot(n[0] - gx, n[1] - gy) > gr + 60]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            if math.hypot(a[0] - b[0], a[1] - b[1]) < 260:
                c.line([a, b], rgba(AQUA, 90), 2)
    for n in nodes:
        c.ell(n[0], n[1], 7, 7, rgba(GOLD_L, 230))
    # data bars on screen corners
    for k in range(6):
        h = [60, 95, 75, 130, 110, 160][k]
        c.rect(590 + k * 34, 820 - h, 612 + k * 34, 820, rgba(TEAL_L if k < 5 else RED_L, 220))
    for k in range(5):
        c.rect(1640, 330 + k * 30, 1640 + [200, 150, 230, 120, 180][k], 344 + k * 30, rgba(AQUA, 150))
    # side banner panels with red accent
    for x in (150, 2070):
        c.rect(x, 240, x + 180, 900, (24, 44, 72))
        c.rect(x, 240, x + 180, 300, RED)
        for k in range(8):
            c.rect(x + 24, 340 + k * 60, x + 24 + rng.uniform(70, 140), 352 + k * 60, rgba(AQUA, 120))
    # podium + speaker
    c.rect(1560, 800, 1680, 910, (36, 60, 90))
    c.rect(1560, 800, 1680, 812, RED)
    person(c, 1620, 900, 150, (16, 26, 40))
    # audience rows (heads & shoulders) in foreground
    for r, (y, s, col) in enumerate([(1150, 62, (20, 34, 54)), (1280, 78, (16, 28, 46)),
                                     (1430, 98, (10, 20, 34))]):
        x = -20 + (r % 2) * s * 0.8
        while x < W + 60:
            if rng.random() < 0.9:
                c.rect(x - s * 0.75, y - s * 0.2, x + s * 0.75, y + s * 2, col, r=s * 0.55)
                c.ell(x, y - s * 0.55, s * 0.42, s * 0.48, col)
            x += s * 1.75 + rng.uniform(-8, 8)
    return c.save("2.jpg")


# ---------------------------------------------------------------- 3: economy, towers by day
def make_3():
    rng = random.Random(3)
    W, H = 2400, 1500
    c = Canvas(W, H)
    c.grad((0, 0, W, 1050), [(0, SKY_T), (0.7, (150, 198, 226)), (1, SKY_B)])
    c.glow(1900, 260, 420, 420, (255, 250, 230), 170)
    for x, y, s in [(400, 230, 150), (1350, 160, 110), (2100, 420, 130), (820, 470, 90)]:
        cloud(c, x, y, s, (255, 255, 255), 230)
    base = 1060
    hill(c, rng, base - 60, 150, (160, 196, 200), bottom=base + 4)
    # back row (hazy)
    x = -20
    while x < W + 20:
        w = rng.uniform(110, 200)
        h = rng.uniform(260, 520)
        building(c, rng, x, base, w, h, (168, 190, 206), style=rng.randrange(5), win_col=(184, 206, 220),
                 side=0.08)
        x += w + rng.uniform(0, 30)
    # mid row glass towers
    x = 30
    mids = []
    while x < W:
        w = rng.uniform(140, 230)
        h = rng.uniform(380, 700)
        mids.append((x, w, h))
        x += w + rng.uniform(40, 140)
    for i, (x, w, h) in enumerate(mids):
        if i % 3 == 0:
            building(c, rng, x, base, w, h, (92, 140, 170), style=rng.choice([1, 3]), windows="stripes",
                     glass=((110, 166, 196), (70, 118, 152)))
        elif i % 3 == 1:
            building(c, rng, x, base, w, h, (226, 220, 206), style=rng.choice([0, 4]), windows="bands",
                     win_col=(122, 160, 184), side=0.12)
        else:
            building(c, rng, x, base, w, h, (70, 106, 138), style=2, win_col=(150, 190, 212), side=0.2)
    # hero twin towers
    for (x, w, h, g) in [(980, 230, 930, ((120, 178, 206), (58, 104, 140))),
                         (1240, 200, 800, ((104, 160, 192), (50, 92, 128)))]:
        building(c, rng, x, base, w, h, (70, 120, 160), style=2, windows="stripes", glass=g)
        c.rect(x, base - h - 4, x + w, base - h + 14, RED)
    # low podium buildings with red accent
    for (x, w, h, col) in [(150, 300, 150, CREAM), (620, 260, 120, SAND), (1500, 340, 140, CREAM),
                           (1950, 280, 170, SAND)]:
        c.rect(x, base - h, x + w, base, col)
        c.rect(x, base - h, x + w, base - h + 16, RED)
        for k in range(int(w / 40)):
            c.rect(x + 14 + k * 40, base - h + 40, x + 40 + k * 40, base - 20, (140, 178, 200))
    # embankment
    c.rect(0, base, W, base + 40, (200, 190, 170))
    c.rect(0, base + 40, W, base + 52, (160, 150, 134))
    for k in range(0, 24):
        tree_round(c, 40 + k * 104 + rng.uniform(-20, 20), base + 20, rng.uniform(80, 120),
                   rng.choice([G_M, G_L, G_D]), light=rgba(G_LL, 120))
    # river with reflections
    c.grad((0, base + 52, W, H), [(0, (110, 170, 190)), (1, (40, 110, 130))])
    for (x, w, h) in mids + [(980, 230, 930), (1240, 200, 800)]:
        c.rect(x, base + 52, x + w, base + 52 + h * 0.32, rgba((70, 118, 152), 60))
    water_streaks(c, rng, base + 60, H, 0, W, (235, 248, 250), 140, alpha=120, maxlen=260)
    # boat
    bx, by = 1650, 1330
    c.poly([(bx - 170, by), (bx + 170, by), (bx + 130, by + 40), (bx - 140, by + 40)], CREAM)
    c.rect(bx - 90, by - 60, bx + 70, by, (236, 230, 216))
    c.rect(bx - 90, by - 60, bx + 70, by - 50, RED)
    for k in range(4):
        c.rect(bx - 76 + k * 38, by - 42, bx - 52 + k * 38, by - 16, (120, 160, 186))
    c.rect(bx - 220, by + 44, bx + 200, by + 50, rgba((255, 255, 255), 140), r=3)
    return c.save("3.jpg")


# ---------------------------------------------------------------- 4: culture, old street & lanterns
def shopfront(c, rng, x0, x1, ground, h, wall, wood, roof):
    w = x1 - x0
    c.rect(x0, ground - h, x1, ground, wall)
    # ground floor: open wooden shopfront with warm interior
    c.rect(x0 + w * 0.08, ground - h * 0.44, x1 - w * 0.08, ground, wood)
    c.rect(x0 + w * 0.14, ground - h * 0.38, x1 - w * 0.14, ground, (250, 206, 140))
    c.glow((x0 + x1) / 2, ground - h * 0.2, w * 0.4, h * 0.25, (255, 236, 190), 160)
    for k in range(1, 4):
        xx = x0 + w * 0.14 + k * (w * 0.72) / 4
        c.rect(xx - 5, ground - h * 0.38, xx + 5, ground, wood)
    # signboard
    c.rect(x0 + w * 0.22, ground - h * 0.5, x1 - w * 0.22, ground - h * 0.43, RED_D)
    c.rect(x0 + w * 0.25, ground - h * 0.49, x1 - w * 0.25, ground - h * 0.44, rgba(GOLD, 90))
    # upper floor lattice windows
    for k in range(2):
        wx0 = x0 + w * (0.14 + 0.4 * k)
        wx1 = wx0 + w * 0.32
        c.rect(wx0, ground - h * 0.86, wx1, ground - h * 0.6, wood)
        c.rect(wx0 + 8, ground - h * 0.86 + 8, wx1 - 8, ground - h * 0.6 - 8, (246, 214, 160))
        for j in range(1, 4):
            xx = wx0 + (wx1 - wx0) * j / 4
            c.rect(xx - 2.5, ground - h * 0.86, xx + 2.5, ground - h * 0.6, wood)
        for j in range(1, 3):
            yy = ground - h * 0.86 + (h * 0.26) * j / 3
            c.rect(wx0, yy - 2.5, wx1, yy + 2.5, wood)
    # balcony rail
    c.rect(x0, ground - h * 0.56, x1, ground - h * 0.52, wood)
    cn_roof(c, x0, x1, ground - h * 0.95, h * 0.24, roof, ov=w * 0.08, curl=h * 0.07,
            tile=mix(roof, (255, 255, 255), 0.15))
    # small eave between floors
    c.poly([(x0 - 12, ground - h * 0.46), (x1 + 12, ground - h * 0.46), (x1, ground - h * 0.52),
            (x0, ground - h * 0.52)], roof)


def make_4():
    rng = random.Random(4)
    W, H = 2400, 1500
    c = Canvas(W, H)
    c.grad((0, 0, W, 900), [(0, (58, 74, 120)), (0.55, (150, 120, 150)), (1, (246, 184, 130))])
    c.glow(1700, 650, 600, 380, (255, 210, 160), 140)
    for x, y, s in [(500, 260, 120), (1500, 200, 150), (2150, 380, 100)]:
        cloud(c, x, y, s, (255, 210, 190), 110)
    # distant modern city (hazy) behind the old street
    x = -10
    while x < W:
        w = rng.uniform(100, 170)
        h = rng.uniform(250, 560)
        building(c, rng, x, 900, w, h, (150, 128, 156), style=rng.randrange(5), win_col=None,
                 lit_col=rgba((255, 220, 170), 160), lit=0.12, side=0.08)
        x += w + rng.uniform(10, 80)
    ground = 1200
    # row of traditional shops (white walls, grey tiles, wooden fronts)
    x = -60
    roofs = [(70, 72, 82), (84, 84, 94), (62, 64, 76)]
    widths = [380, 440, 360, 420, 400, 380, 420]
    heights = [560, 640, 540, 600, 660, 560, 600]
    for i, w in enumerate(widths):
        h = heights[i]
        shopfront(c, rng, x, x + w, ground, h, [CREAM, (240, 230, 214), (236, 226, 208)][i % 3],
                  [(110, 62, 40), (126, 72, 44), (98, 56, 38)][i % 3], roofs[i % 3])
        # fire wall (horse-head gable) between shops
        c.rect(x + w - 18, ground - h - 40, x + w + 18, ground - 20, (228, 222, 210))
        c.rect(x + w - 28, ground - h - 52, x + w + 28, ground - h - 30, roofs[(i + 1) % 3])
        x += w
    # paving
    c.grad((0, ground, W, H), [(0, (198, 180, 160)), (1, (150, 132, 118))])
    for k in range(12):
        y = ground + 12 + (k ** 1.5) * 9
        c.line([(0, y), (W, y)], rgba((120, 100, 90), 60), 2)
    for k in range(-20, 40):
        c.line([(k * 80, ground), (k * 80 - 200 + k * 6, H)], rgba((120, 100, 90), 40), 2)
    # lantern strings across the street
    for j, (y0, sag, s) in enumerate([(560, 90, 30), (440, 120, 38)]):
        pts = []
        for i in range(61):
            t = i / 60
            pts.append((-20 + (W + 40) * t, y0 + sag * math.sin(math.pi * t) + 30 * math.sin(t * 9 + j)))
        c.line(pts, rgba(INK, 200), 3)
        for i in range(2 + j, 60, 5):
            lantern(c, pts[i][0], pts[i][1] + s * 1.6, s)
    # strolling people
    cols = [(52, 44, 56), (86, 48, 50), (44, 58, 76), (70, 56, 52)]
    for k in range(16):
        x = 80 + k * 150 + rng.uniform(-40, 40)
        y = ground + rng.uniform(60, 260)
        h = 150 + (y - ground) * 0.6
        person(c, x, y, h, rng.choice(cols), stride=rng.uniform(-0.6, 0.6),
               bag=RED if rng.random() < 0.2 else None)
    return c.save("4.jpg")


# ---------------------------------------------------------------- 5: community, homes and trees
def res_block(c, x, base, w, h, wall, accent, win):
    c.rect(x, base - h, x + w, base, wall)
    c.rect(x + w * 0.75, base - h, x + w, base, mix(wall, (0, 0, 0), 0.1))
    c.rect(x - 6, base - h - 14, x + w + 6, base - h, mix(wall, (0, 0, 0), 0.25))
    floors = int((h - 40) / 56)
    for f in range(floors):
        y = base - h + 30 + f * 56
        for k in range(int(w / 70)):
            wx = x + 18 + k * 70
            c.rect(wx, y, wx + 40, y + 30, win)
            c.rect(wx - 4, y + 30, wx + 44, y + 38, accent)  # balcony
    return floors


def make_5():
    rng = random.Random(5)
    W, H = 2400, 1500
    c = Canvas(W, H)
    c.grad((0, 0, W, 1000), [(0, (120, 180, 214)), (0.8, (214, 232, 232)), (1, (246, 236, 214))])
    c.glow(400, 240, 330, 330, (255, 246, 220), 200)
    c.ell(400, 240, 80, 80, (255, 246, 226))
    for x, y, s in [(1100, 200, 130), (1900, 300, 160), (700, 420, 90)]:
        cloud(c, x, y, s, (255, 255, 255), 225)
    base = 1020
    hill(c, rng, base - 100, 160, (170, 206, 190), bottom=base)
    blocks = [(60, 300, 560, (236, 214, 186), RED_L), (400, 260, 700, (244, 236, 222), TEAL_L),
              (720, 320, 520, (226, 206, 176), (210, 150, 110)), (1090, 280, 760, (244, 236, 222), RED_L),
              (1420, 300, 600, (236, 214, 186), TEAL_L), (1770, 260, 680, (244, 236, 222), (210, 150, 110)),
              (2080, 320, 540, (226, 206, 176), RED_L)]
    for (x, w, h, wall, acc) in blocks:
        res_block(c, x, base, w, h, wall, acc, (140, 184, 204))
    # community centre with red roof band
    c.rect(820, base - 250, 1260, base, CREAM)
    c.rect(800, base - 272, 1280, base - 240, RED)
    for k in range(6):
        c.rect(850 + k * 66, base - 215, 900 + k * 66, base - 120, (150, 190, 206))
    # park: lawn, path, trees
    c.grad((0, base, W, H), [(0, (150, 196, 120)), (1, (96, 156, 96))])
    path = [(0, 1330), (600, 1240), (1300, 1200), (2400, 1160), (2400, 1250), (1300, 1290), (600, 1330),
            (0, 1440)]
    c.poly(path, (236, 222, 196))
    for k in range(26):
        x = -20 + k * 96 + rng.uniform(-15, 15)
        f = rng.choice([tree_round, tree_round, tree_cone])
        s = rng.uniform(90, 140)
        col = rng.choice([G_M, G_L, G_D])
        if f is tree_round:
            f(c, x, base + 50, s, col, light=rgba(G_LL, 130))
        else:
            f(c, x, base + 50, s, col)
    # bench, playground
    c.rect(1700, 1120, 1880, 1134, (150, 96, 62))
    c.rect(1700, 1100, 1880, 1108, (150, 96, 62))
    c.rect(1710, 1134, 1720, 1160, INK)
    c.rect(1860, 1134, 1870, 1160, INK)
    # people
    cols = [RED, TEAL_D, (70, 60, 80), (180, 120, 70), NAVY]
    for (x, y, h, st) in [(300, 1380, 240, 0.5), (360, 1390, 150, -0.4), (760, 1290, 210, -0.5),
                          (1120, 1250, 220, 0.4), (1180, 1255, 210, -0.3), (1560, 1230, 200, 0.6),
                          (2050, 1215, 205, -0.5), (1760, 1120, 160, 0.0), (1820, 1120, 150, 0.0)]:
        person(c, x, y, h, rng.choice(cols), stride=st)
    # dog
    c.ell(430, 1375, 40, 20, INK)
    c.ell(470, 1358, 16, 14, INK)
    c.line([(400, 1380), (400, 1396)], INK, 6)
    c.line([(455, 1380), (455, 1396)], INK, 6)
    c.line([(390, 1366), (372, 1350)], INK, 5)
    # foreground trees framing
    tree_round(c, 2330, 1500, 420, G_D, light=rgba(G_L, 150))
    tree_round(c, -40, 1520, 380, G_D, light=rgba(G_L, 150))
    # flowers
    for _ in range(160):
        x = rng.uniform(0, W)
        y = rng.uniform(1300, 1500)
        if 1160 + (1 - x / W) * 160 < y < 1260 + (1 - x / W) * 180:
            continue
        c.ell(x, y, 6, 6, rgba(rng.choice([RED_L, GOLD_L, CREAM]), 230))
    return c.save("5.jpg")


# ---------------------------------------------------------------- 6: ecology, green hills & river
def make_6():
    rng = random.Random(6)
    W, H = 2400, 1500
    c = Canvas(W, H)
    c.grad((0, 0, W, 900), [(0, (48, 128, 200)), (0.6, (128, 190, 226)), (1, (220, 240, 240))])
    c.glow(1800, 200, 320, 320, (255, 252, 235), 200)
    for x, y, s in [(400, 200, 160), (1100, 300, 120), (2050, 420, 110), (1500, 130, 90)]:
        cloud(c, x, y, s, (255, 255, 255), 240)
    birds(c, rng, 9, (900, 180, 1500, 380), (40, 60, 80), 22)
    # layered hills with atmospheric perspective
    layers = [(640, 260, (150, 196, 190)), (730, 240, (110, 170, 140)), (820, 220, (78, 146, 104)),
              (930, 200, (52, 120, 80))]
    for (b, a, col) in layers:
        hill(c, rng, b, a, col, n_waves=4, sharp=1.2)
    # river: widening towards the viewer
    river_l, river_r = [], []
    for i in range(41):
        t = i / 40
        y = 880 + (H + 20 - 880) * t
        cx = 1250 + 260 * math.sin(t * 3.2 + 0.4) - 200 * t
        half = 30 + 720 * t ** 1.6
        river_l.append((cx - half, y))
        river_r.append((cx + half, y))
    # banks (near meadow)
    c.grad((0, 880, W, H), [(0, (96, 160, 90)), (1, (70, 136, 74))])
    rpoly = river_l + river_r[::-1]
    c.grad((0, 870, W, H + 20), [(0, (200, 232, 236)), (0.35, (112, 190, 200)), (1, (34, 128, 146))],
           mask_poly=rpoly)
    for i in range(40):
        t = rng.uniform(0.1, 1)
        y = 880 + (H - 880) * t
        cx = 1250 + 260 * math.sin(t * 3.2 + 0.4) - 200 * t
        half = 30 + 720 * t ** 1.6
        ln = half * rng.uniform(0.2, 0.6)
        x = cx + rng.uniform(-half * 0.7, half * 0.7 - ln)
        c.rect(x, y, x + ln, y + 3 + 5 * t, rgba((240, 252, 252), 150), r=3)
    # bank edges (light sand)
    c.line(river_l, (214, 206, 170), 10)
    c.line(river_r, (214, 206, 170), 10)
    # tree groves along the banks
    for _ in range(70):
        t = rng.uniform(0.02, 0.75)
        side = rng.choice([-1, 1])
        y = 880 + (H - 880) * t
        cx = 1250 + 260 * math.sin(t * 3.2 + 0.4) - 200 * t
        half = 30 + 720 * t ** 1.6
        x = cx + side * (half + rng.uniform(30, 300) * (0.3 + t))
        s = 30 + 160 * t
        if rng.random() < 0.5:
            tree_cone(c, x, y, s, rng.choice([G_D, G_M]))
        else:
            tree_round(c, x, y, s, rng.choice([G_M, G_L, G_D]), light=rgba(G_LL, 120))
    # foreground reeds and flowers
    for i in range(140):
        x = rng.uniform(0, W)
        if 300 < x < 2100 and rng.random() < 0.8:
            continue
        b = H + 10
        h = rng.uniform(120, 320)
        lean = rng.uniform(-50, 50)
        c.line([(x, b), (x + lean * 0.4, b - h * 0.5), (x + lean, b - h)], rng.choice([G_D, G_M, (50, 100, 60)]), 6)
    for _ in range(80):
        x = rng.choice([rng.uniform(0, 380), rng.uniform(2000, W)])
        y = rng.uniform(1300, 1490)
        c.ell(x, y, 7, 7, rgba(rng.choice([GOLD_L, CREAM, (240, 160, 150)]), 240))
    # small red pavilion as a quiet accent on the far bank
    px, py = 1730, 930
    c.rect(px - 40, py - 50, px + 40, py, RED)
    cn_roof(c, px - 40, px + 40, py - 48, 30, (60, 60, 70), ov=18, curl=10)
    return c.save("6.jpg")


# ---------------------------------------------------------------- 7: civic building & river path
def make_7():
    rng = random.Random(7)
    W, H = 2400, 1500
    c = Canvas(W, H)
    c.grad((0, 0, W, 1000), [(0, (70, 140, 200)), (0.7, (196, 222, 232)), (1, (250, 232, 206))])
    c.glow(2000, 320, 360, 360, (255, 240, 210), 170)
    for x, y, s in [(350, 240, 130), (1300, 160, 100), (1900, 470, 120)]:
        cloud(c, x, y, s, (255, 255, 255), 230)
    base = 960
    hill(c, rng, base - 80, 150, (172, 200, 200), bottom=base)
    # background city
    x = -20
    while x < W:
        w = rng.uniform(100, 180)
        h = rng.uniform(200, 420)
        building(c, rng, x, base, w, h, (184, 200, 210), style=rng.randrange(5), win_col=(196, 212, 220),
                 side=0.06)
        x += w + rng.uniform(20, 90)
    # civic / party-service centre: symmetric, columns, red accents
    cx = 1000
    c.rect(cx - 560, base - 60, cx + 560, base, (214, 204, 188))
    c.rect(cx - 600, base - 30, cx + 600, base, (196, 186, 170))
    for k in range(5):  # steps
        c.rect(cx - 260 - k * 20, base - 60 + k * 12, cx + 260 + k * 20, base - 48 + k * 12, (226, 216, 200))
    c.rect(cx - 520, base - 470, cx + 520, base - 60, CREAM)
    c.rect(cx - 520, base - 470, cx - 280, base - 60, (236, 226, 210))
    c.rect(cx + 280, base - 470, cx + 520, base - 60, (236, 226, 210))
    for side in (-1, 1):
        for f in range(4):
            for k in range(3):
                x0 = cx + side * (300 + k * 70) - (50 if side < 0 else 0)
                y0 = base - 440 + f * 92
                c.rect(x0, y0, x0 + 50, y0 + 58, (140, 178, 198))
    # portico
    c.rect(cx - 270, base - 560, cx + 270, base - 500, (236, 228, 214))
    c.poly([(cx - 300, base - 560), (cx, base - 680), (cx + 300, base - 560)], (236, 228, 214))
    c.poly([(cx - 250, base - 572), (cx, base - 660), (cx + 250, base - 572)], RED)
    c.ell(cx, base - 610, 26, 26, GOLD)
    c.rect(cx - 270, base - 500, cx + 270, base - 476, RED)
    for k in range(6):
        xx = cx - 235 + k * 94
        c.rect(xx - 17, base - 476, xx + 17, base - 62, (250, 246, 238))
        c.rect(xx + 4, base - 476, xx + 17, base - 62, (226, 218, 204))
    c.rect(cx - 200, base - 300, cx + 200, base - 62, (170, 198, 210))
    c.rect(cx - 40, base - 200, cx + 40, base - 62, (110, 150, 170))
    # red banners on the facade
    for x in (cx - 420, cx + 380):
        c.rect(x, base - 440, x + 40, base - 150, RED)
        c.rect(x, base - 440, x + 40, base - 420, GOLD)
    # plaza trees
    for x in (300, 420, 1620, 1740, 1860):
        tree_round(c, x, base + 10, 150, rng.choice([G_M, G_D]), light=rgba(G_LL, 120))
    # riverside path and railing
    c.rect(0, base, W, 1160, (222, 208, 186))
    for k in range(30):
        c.line([(k * 100 - 40, base), (k * 100 - 120, 1160)], rgba((180, 160, 140), 90), 2)
    c.rect(0, 1150, W, 1164, (110, 100, 96))
    c.rect(0, 1110, W, 1120, (110, 100, 96))
    for k in range(61):
        c.rect(k * 40 - 3, 1110, k * 40 + 3, 1160, (110, 100, 96))
    # river
    c.grad((0, 1164, W, H), [(0, (130, 186, 196)), (1, (40, 116, 134))])
    water_streaks(c, rng, 1180, H, 0, W, (236, 248, 250), 110, alpha=120, maxlen=240)
    c.rect(cx - 560, 1170, cx + 560, 1260, rgba((236, 228, 214), 50))
    # volunteers and walkers (some with red vests)
    for (x, h, st, col) in [(520, 200, 0.5, RED), (600, 180, -0.4, NAVY), (1380, 210, 0.4, RED),
                            (1460, 200, -0.5, (80, 70, 80)), (1990, 190, 0.6, TEAL_D), (2160, 205, -0.3, RED),
                            (180, 195, 0.4, (90, 80, 70))]:
        person(c, x, 1100, h, col, stride=st)
    # lamp posts with red tops
    for x in (80, 760, 1240, 2300):
        c.rect(x - 5, 860, x + 5, 1108, (90, 84, 84))
        c.rect(x - 26, 850, x + 26, 868, RED, r=6)
    return c.save("7.jpg")


def main():
    for fn in (make_cover, make_2, make_3, make_4, make_5, make_6, make_7):
        fn()


if __name__ == "__main__":
    main()
