"""The limits every input is held to, in one place (README: "Limits" gives the reasons).

A server that renders brochures unattended must finish every input in seconds and within a memory
budget (1 GiB for one build), whatever it is fed. Each limit is far above what a real brochure needs
(the Tianxin example: 60 KB of YAML, 8 sections, 200 blocks, 12 pages, paragraphs under 1,000
characters) and far below what would hang or exhaust the machine. Exceeding one is a located error
(`limit.*`), never a slow build or a crash. Plain constants, no imports: every stage may read them.
"""

from __future__ import annotations

# LOAD: the YAML documents (content, translations, layouts)
YAML_BYTES = 2 * 1024 * 1024     # a 400-page Chinese brochure is about 1.5 MB of UTF-8
YAML_DEPTH = 100                 # content nests 6 deep, layouts 5; deeper is generated or hostile
YAML_ALIASES = 10_000            # values repeated by aliases (`*anchor`), each value of an expansion counted
YAML_NODES = 250_000             # values after aliases are expanded (the example has 1,400)
YAML_CHARS = 8 * 1024 * 1024     # characters of text after aliases are expanded

# VALIDATE: the content
SECTIONS = 500
BLOCKS = 20_000                  # body blocks of all sections together
TEXT_CHARS = 50_000              # one paragraph, quote, caption, cell, …: about 30 pages of Chinese
TABLE_CELLS = 10_000             # cells of one table

# VALIDATE: the layout
PAGE_SIDE_PT = 14_400.0          # 200 inches (5.08 m): the largest page PDF readers accept (PDF 1.7, C.2)
PAGE_SIDE_MIN_PT = 72.0          # one inch: smaller is a unit mistake (`size: [210, 297]` meant mm)
PAGE_AREA_PT2 = 10_000 * 72 * 72  # 10,000 square inches (6.45 m², a 3 x 2 m backdrop with bleed): the
                                  # print preflight renders each page at 50 ppi, 25 megapixels at most

# VALIDATE: charts
CHART_CATEGORIES = 500
CHART_SERIES = 50
CHART_VALUE = 1e15               # |value|; beyond this a figure cannot be printed exactly
CHART_VALUE_MIN = 1e-6           # smallest |value| other than 0; axis ticks are rounded to 10 decimals
CHART_DATA_BYTES = 1024 * 1024   # a chart's CSV file

# MAKEUP: the laid-out document
PAGES = 2_000                    # per edition

# verify: files attached to an archive
ATTACHMENT_BYTES = 256 * 1024 * 1024       # one attached file decoded (pictures are the largest)
ATTACHMENTS_BYTES = 1024 * 1024 * 1024     # all of them together

# RESOLVE: pictures
PICTURE_DECODE_BYTES = 160 * 1024 * 1024   # one picture decoded: 42 MP RGB (an A4 scan at 600 dpi is 35 MP)
