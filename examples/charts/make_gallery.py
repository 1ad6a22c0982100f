"""Chart gallery: one PDF page per chart type, in the Tianxin palette, for looking at the charts.

    .venv/bin/python examples/charts/make_gallery.py [out.pdf] [--png]

Writes examples/charts/gallery.pdf by default (a build product, not committed); `--png` also writes
one PNG per page next to it (needs pypdfium2). Each page shows the chart at a one-column width
(240 pt) and at the full text width (480 pt), so both aspect rules can be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from brochure.charts import ChartTheme, draw_chart, draw_figures  # noqa: E402
from brochure.model.charts import ChartSpec  # noqa: E402
from brochure.model.colour import Colour  # noqa: E402
from brochure.model.content import Figure  # noqa: E402


def tianxin_palette() -> tuple[Colour, ...]:
    """Deep red, teal, gold, slate, light red: the Tianxin brochure's colours with their CMYK."""
    def c(hex_: str, cmyk: tuple[float, float, float, float]) -> Colour:
        h = hex_.lstrip("#")
        rgb = (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)
        return Colour(rgb, (cmyk[0] / 100, cmyk[1] / 100, cmyk[2] / 100, cmyk[3] / 100))

    return (c("#B3121F", (0, 95, 85, 10)), c("#1F6F78", (80, 30, 35, 20)),
            c("#C8963E", (15, 40, 80, 5)), c("#4A5560", (40, 25, 15, 60)),
            c("#E8A0A6", (0, 45, 20, 0)))


SPECS: list[dict[str, object]] = [
    {"type": "bar", "title": "2019年主要经济指标同比增长", "unit": "%",
     "categories": ["地区生产总值", "固定资产投资", "社会消费品零售总额", "城乡居民人均可支配收入"],
     "series": {"同比增长": [9, 10, 9.5, 8.5]}, "source": "数据来源：长沙市天心区委宣传部",
     "highlight": "固定资产投资"},
    {"type": "bar", "title": "一般公共预算收入", "subtitle": "单位：亿元", "unit": "亿元",
     "categories": ["2017", "2018", "2019"],
     "series": {"地方收入": [52, 58, 63], "上划收入": [61, 70, 77]}, "stacked": True,
     "source": "数据来源：示例数据"},
    {"type": "bar", "title": "楼宇经济与产业园区", "categories": ["2017", "2018", "2019"],
     "series": {"亿元楼宇": [9, 12, 15], "入驻企业": [60, 78, 92], "新增项目": [14, 18, 23]},
     "note": "注：示例数据，仅用于版式展示。"},
    {"type": "hbar", "title": "绿心地区工业企业退出", "unit": "家",
     "categories": ["天心区", "岳麓区", "雨花区", "长沙县", "望城区（含湘江新区部分片区）"],
     "series": {"退出企业": [361, 98, 77, 25, 12]}, "highlight": "天心区",
     "source": "数据来源：示例数据"},
    {"type": "line", "title": "空气优良天数", "unit": "天",
     "categories": ["2015", "2016", "2017", "2018", "2019"],
     "series": {"优良天数": [231, 246, 258, 265, 278]}, "area": True,
     "source": "数据来源：示例数据"},
    {"type": "line", "title": "各区优良率", "unit": "%",
     "categories": ["2015", "2016", "2017", "2018", "2019", "2020"],
     "series": {"天心区": [63.2, 67.4, 70.7, 72.6, 76.4, 80.1],
                "岳麓区": [61.5, 64.8, 68.1, 70.2, 73.2, 76.8],
                "雨花区": [60.1, 63.3, 66.5, 69.9, 71.8, 75.0]},
     "highlight": "天心区", "source": "数据来源：示例数据"},
    {"type": "pie", "title": "产业园入驻企业构成", "categories":
     ["人力资源服务", "软件与信息", "文化创意", "金融服务", "商贸物流", "检验检测", "其他服务"],
     "series": {"企业数": [92, 48, 37, 21, 12, 2, 1]}, "unit": "家", "source": "数据来源：示例数据"},
    {"type": "donut", "title": "税收构成", "categories": ["金融业", "商贸物流", "文化创意", "其余行业"],
     "series": {"占比": [32, 27, 18, 23]}, "label": "2019年全区税收", "highlight": "金融业",
     "source": "数据来源：示例数据"},
    {"type": "ratio", "title": "2019年空气优良天数",
     "subtitle": "优良天数最多、优良率最高（76.4%），均排名全市内五区第一",
     "value": 278, "total": 365, "label": "空气优良天数", "unit": "天",
     "source": "数据来源：长沙市天心区委宣传部"},
    {"type": "progress", "title": "“十三五”规划目标完成度", "value": 86, "unit": "%",
     "label": "主要指标完成进度", "style": "bar", "source": "数据来源：示例数据"},
]

FIGURES = [
    [{"value": "387", "unit": "家", "label": "各类金融机构"},
     {"value": "40亿", "unit": "元", "label": "金融业税收贡献", "note": "+9%"},
     {"value": "32", "unit": "%", "label": "占全区税收比重", "note": "-2.1%"}],
    [{"value": "361", "unit": "家", "label": "绿心工业企业全面退出"},
     {"value": "63", "unit": "%", "label": "占全市绿心地区工业退出"},
     {"value": "近100亿", "unit": "元", "label": "减少工业产值"},
     {"value": "1.5万", "unit": "人", "label": "波及产业工人"},
     {"value": "7亿", "unit": "元", "label": "兑现搬迁奖补资金"}],
]


def register_fonts() -> ChartTheme:
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve

    chars = set(str(SPECS) + str(FIGURES) + "0123456789.,%+-万亿其他Other ")
    fonts, missing = resolve(Catalog(), [FontRequest("sans", "Noto Sans CJK SC", 400),
                                         FontRequest("sans", "Noto Sans CJK SC", 700)], [])
    if missing:
        raise SystemExit(f"fonts not found: {missing}")
    for f in fonts.all():
        register(f, chars, cjk_dash=True)
    return ChartTheme(font=fonts.name("sans", 400), bold_font=fonts.name("sans", 700),
                      number_font=fonts.name("sans", 700), palette=tianxin_palette())


def pages(theme: ChartTheme) -> list[tuple[str, list[Drawing]]]:
    out = []
    for raw in SPECS:
        spec = ChartSpec.model_validate(raw)
        out.append((f"{spec.type}: {spec.title}", [draw_chart(spec, 240, theme),
                                                     draw_chart(spec, 480, theme)]))
    for raw_figs in FIGURES:
        figs = [Figure.model_validate(f) for f in raw_figs]
        out.append(("figures", [draw_figures(figs, 240, theme), draw_figures(figs, 480, theme)]))
    return out


def make_gallery(path: Path, theme: ChartTheme) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    w, h = A4
    for name, drawings in pages(theme):
        y = h - 60
        canvas.setFont("Helvetica", 7)
        canvas.setFillGray(0.5)
        canvas.drawString(57, h - 40, name.encode("ascii", "replace").decode())
        for d in drawings:
            y -= d.height
            canvas.setStrokeGray(0.85)
            canvas.setLineWidth(0.25)
            canvas.rect(57, y, d.width, d.height)  # the drawing's bounds, to check for overflow
            renderPDF.draw(d, canvas, 57, y)
            y -= 36
        canvas.showPage()
    canvas.save()
    return path


def main(argv: list[str]) -> None:
    out = Path(next((a for a in argv if not a.startswith("--")), ROOT / "examples/charts/gallery.pdf"))
    make_gallery(out, register_fonts())
    print(out)
    if "--png" in argv:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(out))
        for i in range(len(pdf)):
            png = out.with_name(f"{out.stem}-{i + 1:02d}.png")
            pdf[i].render(scale=2).to_pil().save(png)
            print(png)


if __name__ == "__main__":
    main(sys.argv[1:])
