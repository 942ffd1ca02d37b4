"""The charts: what a reader of the web page, the PDF or the DOCX would check.

Every chart type draws valid, self-contained SVG with a title and a text alternative,
shows its labels, keeps hostile text literal, and refuses bad data with a clear message.
"""

import datetime
import math
import re
import struct
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from kommunalkompass.documents.charts import (
    SUPPRESSED,
    GroupedBarChart,
    HeatCell,
    HeatMap,
    LineChart,
    Milestone,
    PeerRange,
    PortfolioItem,
    PortfolioMatrix,
    PowerInterestGrid,
    Quarter,
    RadarChart,
    RangeChart,
    RoadmapChart,
    RoadmapItem,
    Series,
    StackedBarChart,
    Stakeholder,
    TrajectoryChart,
)
from kommunalkompass.documents.charts.svg import contrast, text_width, truncate, wrap
from kommunalkompass.documents.model import Chart, Figure
from kommunalkompass.documents.tests.samples import HOSTILE

NS = {"svg": "http://www.w3.org/2000/svg"}
DIMENSIONS = [
    "Strategie",
    "Organisation und Kultur",
    "Prozesse",
    "Daten",
    "IT-Infrastruktur",
    "Digitale Services für Bürgerinnen und Bürger",
]
GROUPS = ["Verwaltungsleitung", "Führungskräfte", "Mitarbeitende", "IT"]
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsverfahren"


def radar(language="de", **changes):
    values = {
        "title": "Reifegradprofil",
        "axes": DIMENSIONS,
        "series": [
            Series("Ist-Stand", [2.5, 2.0, 1.5, 1.25, 3.0, 2.25]),
            Series("Ziel", [4, 3.5, 3.5, 3, 4, 4]),
        ],
        "language": language,
    }
    return RadarChart(**{**values, **changes})


def bars(language="de", **changes):
    values = {
        "title": "Sichtweisen",
        "categories": DIMENSIONS[:3],
        "series": [
            Series("Verwaltungsleitung", [3.2, 2.8, 2.5]),
            Series("Mitarbeitende", [2.4, None, 1.7]),
        ],
        "language": language,
    }
    return GroupedBarChart(**{**values, **changes})


def heatmap(language="de", **changes):
    values = {
        "title": "Reifegrad nach Gruppe",
        "rows": DIMENSIONS[:3],
        "columns": GROUPS,
        "values": [
            [3.2, 2.9, 2.4, SUPPRESSED],
            [2.8, HeatCell(2.4), None, SUPPRESSED],
            [4.5, 1.2, Decimal("2.0"), 3],
        ],
        "language": language,
    }
    return HeatMap(**{**values, **changes})


def portfolio(language="de", **changes):
    values = {
        "title": "Priorisierung",
        "items": [
            PortfolioItem("Online-Terminvergabe", benefit=4.5, effort=1.5, cost=30_000),
            PortfolioItem("E-Akte", benefit=4.5, effort=4.5, cost=Decimal("850000")),
            PortfolioItem("Social Intranet", benefit=2, effort=2, group="Verwaltung"),
            PortfolioItem("Chatbot", benefit=1.5, effort=4, cost=120_000, group="Service"),
        ],
        "language": language,
    }
    return PortfolioMatrix(**{**values, **changes})


def grid(language="de", **changes):
    values = {
        "title": "Stakeholder",
        "stakeholders": [
            Stakeholder("Bürgermeisterin", power=5, interest=4),
            Stakeholder("Kämmerei", power=4, interest=2),
            Stakeholder("Fachämter", power=2, interest=5),
            Stakeholder("Presse", power=1, interest=1),
        ],
        "language": language,
    }
    return PowerInterestGrid(**{**values, **changes})


def roadmap(language="de", **changes):
    values = {
        "title": "Fahrplan",
        "items": [
            RoadmapItem("Strategie beschließen", "Q1 2027", "Q2 2027", key="strategy"),
            RoadmapItem("E-Akte Pilot", Quarter(2027, 3), "Q4 2027", depends_on="strategy"),
            RoadmapItem(
                "E-Akte Rollout",
                datetime.date(2028, 1, 10),
                "Q4 2028",
                depends_on=["E-Akte Pilot"],
                group="Verwaltung",
            ),
        ],
        "milestones": [
            Milestone("Ratsbeschluss", "Q2 2027"),
            Milestone("Go-live", datetime.date(2028, 5, 15)),
        ],
        "language": language,
    }
    return RoadmapChart(**{**values, **changes})


def ranges(language="de", **changes):
    values = {
        "title": "Vergleich mit ähnlichen Kommunen",
        "categories": DIMENSIONS[:4],
        "ranges": [
            PeerRange(2.1, 2.5, 3.0),
            PeerRange(1.8, 2.2, 2.4),
            None,
            PeerRange(Decimal("3.1"), Decimal("3.4"), Decimal("3.9")),
        ],
        "own": [2.8, 1.9, 2.2, None],
        "own_name": "Musterstadt",
        "language": language,
    }
    return RangeChart(**{**values, **changes})


def trajectory(language="de", **changes):
    values = {
        "title": "Anteil der Leistungen online",
        "start": datetime.date(2026, 1, 1),
        "baseline": 20,
        "end": datetime.date(2030, 12, 31),
        "target": Decimal(80),
        "values": [(datetime.date(2026, 9, 30), 31), (datetime.date(2026, 3, 31), 24)],
        "unit": "%",
        "language": language,
    }
    return TrajectoryChart(**{**values, **changes})


MONTHS = ["Juli 2026", "Aug. 2026", "Sep. 2026", "Okt. 2026", "Nov. 2026", "Dez. 2026"]


def lines(language="de", **changes):
    values = {
        "title": "OZG-Leistungen je Monat",
        "periods": MONTHS,
        "series": [
            Series("Online (Stufe 2+)", [10, 12, 12, 15, 18, 21]),
            Series("OZG-konform (Stufe 3+)", [4, 5, None, 7, 9, 12]),
        ],
        "language": language,
        "period_label": "Monat",
    }
    return LineChart(**{**values, **changes})


THEMENFELDER = ["Arbeit & Ruhestand", "Bauen & Wohnen", "Bildung", "Ein- & Auswanderung",
                "Engagement & Hobby", "Familie & Kind"]  # fmt: skip


def stacked(language="de", **changes):
    values = {
        "title": "Stand je Themenfeld",
        "categories": THEMENFELDER,
        "parts": [
            Series("OZG-konform", [2, 0, 1, 0, 3, 4]),
            Series("online", [1, 3, 0, 0, 1, 2]),
            Series("noch nicht online", [1, 1, 3, 0, 0, 2]),
        ],
        "language": language,
        "category_label": "Themenfeld",
    }
    return StackedBarChart(**{**values, **changes})


BUILDERS = [radar, bars, heatmap, portfolio, grid, roadmap, ranges, trajectory, lines, stacked]
ALL = pytest.mark.parametrize("build", BUILDERS, ids=lambda build: build.__name__)


def parse(chart) -> ET.Element:
    return ET.fromstring(chart.svg())  # noqa: S314 - our own output, the thing under test


def texts(chart) -> list[str]:
    """Every text drawn in the chart (not the title or description)."""
    return ["".join(node.itertext()) for node in parse(chart).iter(f"{{{NS['svg']}}}text")]


def drawn(chart) -> str:
    return " ".join(texts(chart))


def with_class(chart, name: str) -> list[ET.Element]:
    return [node for node in parse(chart).iter() if name in node.get("class", "").split()]


# -- every chart ----------------------------------------------------------------------


@ALL
def test_chart_is_self_contained_accessible_svg(build):
    chart = build()
    root = parse(chart)
    assert isinstance(chart, Chart)
    assert root.tag == f"{{{NS['svg']}}}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert float(root.get("width")) == 720 and float(root.get("height")) > 200
    assert root.find("svg:title", NS).text == chart.title
    assert root.find("svg:desc", NS).text == chart.alt_text()
    assert "sans-serif" in root.get("font-family")
    source = chart.svg()
    for outside in ("href", "<image", "<script", "<foreignObject", "@import", "url(http"):
        assert outside not in source


@ALL
def test_chart_speaks_its_language(build):
    german, english = build("de").alt_text(), build("en").alt_text()
    assert german != english
    assert " mit " in german and " mit " not in english


@ALL
def test_data_table_has_a_row_per_item_and_the_title_as_caption(build):
    chart = build()
    table = chart.data_table()
    assert table.caption == chart.title
    assert table.rows and all(len(row) == len(table.columns) for row in table.rows)


@ALL
def test_png_is_a_sharp_image_of_the_chart(build):
    png = build().png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert width == 1440
    assert 400 < height < 4000
    assert len(png) > 10_000


@ALL
def test_hostile_text_stays_literal(build):
    hostile = '<script>alert("x")</script> & "Zitat" 🚀🏛️ \x00'
    chart = build(title=hostile)
    root = parse(chart)  # the XML still parses
    assert root.find("svg:title", NS).text == '<script>alert("x")</script> & "Zitat" 🚀🏛️'
    assert not [node for node in root.iter() if node.tag.endswith("script")]
    assert "<script>" not in chart.svg()
    assert "&lt;script&gt;" in chart.svg()


@ALL
def test_svg_ids_differ_between_charts(build):
    first, second = build(), build(title="Ein anderer Titel")
    assert parse(first).get("aria-labelledby") != parse(second).get("aria-labelledby")


@ALL
def test_chart_needs_a_title(build):
    with pytest.raises(ValueError, match="needs a title"):
        build(title="  ")


@ALL
def test_unknown_language_is_refused(build):
    with pytest.raises(ValueError, match="language must be 'de' or 'en'"):
        build(language="fr")


def test_figure_template_shows_chart_caption_and_data_table():
    chart = heatmap(title="Reifegrad <b>nach</b> Gruppe")
    html = render_to_string(
        "documents/_figure.html", {"figure": Figure(chart, caption="Abbildung & Quelle")}
    )
    assert '<figure class="chart-figure">' in html
    assert chart.svg() in html  # inline, not escaped a second time
    assert "<figcaption" in html and "Abbildung &amp; Quelle" in html
    assert "<details" in html and "<summary>Data as a table</summary>" in html
    assert '<table class="kern-table">' in html
    assert '<th scope="col">Dimension</th>' in html
    assert '<th scope="row">Strategie</th>' in html
    assert '<td data-label="Verwaltungsleitung" class="kern-table__cell--numeric">3,2</td>' in html
    assert '<td data-label="IT" class="kern-table__cell--numeric">unterdrückt</td>' in html
    assert '<td data-label="Mitarbeitende" class="kern-table__cell--numeric">–</td>' in html
    assert "Reifegrad &lt;b&gt;nach&lt;/b&gt; Gruppe" in html
    assert "<b>nach</b>" not in html


def test_figure_template_uses_the_title_without_a_caption():
    html = render_to_string("documents/_figure.html", {"figure": Figure(radar())})
    assert "Reifegradprofil</figcaption>" in html


# -- text in the drawing ---------------------------------------------------------------


def test_long_labels_are_shortened_in_the_drawing_but_kept_in_the_table():
    chart = bars(categories=[LONG_WORD, "Kurz", "Mittel"])
    assert LONG_WORD not in drawn(chart)
    assert any(text.endswith("…") for text in texts(chart))
    assert chart.data_table().rows[0][0] == LONG_WORD
    assert LONG_WORD in chart.alt_text()  # the text alternative keeps it whole


def test_every_hostile_sample_survives_as_a_label():
    chart = bars(categories=HOSTILE, series=[Series("Gruppe", [1] * len(HOSTILE))])
    parse(chart)
    assert [row[0] for row in chart.data_table().rows] == HOSTILE
    assert "Äpfel, Öfen" in drawn(chart)


def test_wrapping_breaks_german_compounds_at_a_joint():
    assert wrap("Verwaltungsleitung", 90, 10.5, 3, bold=True) == ["Verwaltungs-", "leitung"]
    assert wrap("Digitale Services für Bürgerinnen", 150, 11.5) == [
        "Digitale Services für",
        "Bürgerinnen",
    ]
    lines = wrap(LONG_WORD, 100, 11, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line, 11) <= 100 for line in lines)


def test_truncation_keeps_emoji_whole():
    shortened = truncate("Team 👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻", 70, 12)
    assert shortened.endswith("…")
    assert "\u200d…" not in shortened  # no half emoji before the ellipsis


# -- radar ----------------------------------------------------------------------------


def test_radar_shows_every_dimension_and_series():
    chart = radar()
    assert {"Strategie", "Daten", "Ist-Stand", "Ziel"} <= set(texts(chart))
    assert len(with_class(chart, "series")) == 2
    assert len(with_class(chart, "point")) == 12


def test_radar_series_differ_in_more_than_colour():
    series = with_class(radar(), "series")
    assert series[0].get("stroke-dasharray") != series[1].get("stroke-dasharray")
    points = with_class(radar(), "point")
    assert points[0].tag != points[-1].tag  # circle against rect: a different marker shape


def test_radar_alt_text_names_highest_lowest_and_largest_gap():
    text = radar().alt_text()
    assert text.startswith("Netzdiagramm mit 6 Dimensionen auf einer Skala von 1 bis 5.")
    assert "Ist-Stand: Durchschnitt 2,1, höchster Wert 3,0 (IT-Infrastruktur)" in text
    assert "niedrigster Wert 1,3 (Daten)" in text
    assert "Größter Abstand zwischen Ist-Stand und Ziel: Prozesse" in text
    english = radar("en").alt_text()
    assert (
        "Radar chart with 6 dimensions" in english and "highest 3.0 (IT-Infrastruktur)" in english
    )


def test_radar_scale_from_zero_to_a_maximum():
    chart = radar(scale_min=0, scale_max=100, series=[Series("Punkte", [0, 20, 40, 60, 80, 100])])
    assert {"20", "40", "100"} <= set(texts(chart))


def test_radar_data_table_holds_the_values():
    table = radar().data_table()
    assert [column.header for column in table.columns] == ["Dimension", "Ist-Stand", "Ziel"]
    assert table.rows[0] == ["Strategie", 2.5, 4.0]


def test_radar_for_phones_numbers_its_axes_and_names_them_in_a_key_at_a_readable_size():
    chart = radar(axes=[*DIMENSIONS[:5], LONG_WORD])
    root = ET.fromstring(chart.svg_narrow())  # noqa: S314 - our own output
    texts = [
        ("".join(node.itertext()), float(node.get("font-size")))
        for node in root.iter(f"{{{NS['svg']}}}text")
    ]
    # drawn 360 units wide, a phone (about 330 px for the chart) shows it at about 0.9: the
    # axis numbers, series names and dimension names at 15 units are about 14 px there
    assert float(root.get("width")) == 360
    readable = [text for text, size in texts if size >= 15]
    for number in "123456":
        assert readable.count(number) == 2  # at the web and in the key
    assert {"Strategie", "Daten", "IT-Infrastruktur", "Ist-Stand", "Ziel"} <= set(readable)
    assert min(size for _text, size in texts) >= 12  # the scale's ticks
    assert LONG_WORD not in readable and any(text.startswith("Donau") for text in readable)
    assert len([n for n in root.iter() if "series" in n.get("class", "").split()]) == 2
    # its own ids: both drawings sit on one page
    assert root.get("aria-labelledby") != parse(chart).get("aria-labelledby")


def test_figure_template_shows_the_phone_drawing_only_for_charts_that_have_one():
    chart = radar()
    html = render_to_string("documents/_figure.html", {"figure": Figure(chart)})
    assert chart.svg() in html and chart.svg_narrow() in html
    assert 'class="chart-figure__image chart-figure__image--phone"' in html
    other = render_to_string("documents/_figure.html", {"figure": Figure(bars())})
    assert "chart-figure__image--phone" not in other
    assert "chart-figure__image--desktop" not in other


# -- grouped bars ---------------------------------------------------------------------


def test_bars_label_values_with_a_decimal_comma_in_german():
    german, english = drawn(bars()), drawn(bars("en"))
    assert "3,2" in german and "3.2" not in german
    assert "3.2" in english
    assert len(with_class(bars(), "bar")) == 5  # one value is missing


def test_bars_show_a_missing_value_as_such():
    assert "k. A." in texts(bars())
    assert "n/a" in texts(bars("en"))
    assert bars().data_table().rows[1] == ["Organisation und Kultur", 2.8, None]
    assert "1 Wert ohne Angabe." in bars().alt_text()


def test_bars_alt_text_names_where_groups_differ_most():
    text = bars().alt_text()
    assert "Gruppiertes Balkendiagramm mit 3 Dimensionen und 2 Gruppen" in text
    assert "am weitesten auseinander" in text and "Strategie" in text


# -- heat map -------------------------------------------------------------------------


def test_heatmap_marks_suppressed_cells():
    chart = heatmap()
    suppressed = with_class(chart, "suppressed")
    assert len(suppressed) == 2
    assert all(cell.get("fill", "").startswith("url(#") for cell in suppressed)  # hatched
    assert texts(chart).count("unterdrückt") == 2
    assert "unterdrückt (zu wenige Antworten)" in texts(chart)
    assert texts(heatmap("en")).count("suppressed") == 2
    assert "2 Zellen sind zum Schutz der Anonymität unterdrückt." in chart.alt_text()


def test_heatmap_table_says_suppressed_and_leaves_unknown_empty():
    rows = heatmap().data_table().rows
    assert rows[0] == ["Strategie", 3.2, 2.9, 2.4, "unterdrückt"]
    assert rows[1][3] is None
    assert heatmap("en").data_table().rows[0][4] == "suppressed"


def test_heatmap_shows_values_and_extremes():
    chart = heatmap()
    assert {"3,2", "4,5", "1,2"} <= set(texts(chart))
    assert "Höchster Wert 4,5 bei Prozesse / Verwaltungsleitung" in chart.alt_text()
    assert "niedrigster Wert 1,2 bei Prozesse / Führungskräfte" in chart.alt_text()


def test_heatmap_text_on_dark_cells_is_white():
    chart = heatmap(values=[[5, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]])
    cells = [node for node in parse(chart).iter() if node.get("font-weight") == "600"]
    colours = {node.text: node.get("fill") for node in cells}
    assert colours == {"5,0": "#ffffff", "1,0": "#1d2733"}


def test_numbers_in_heatmap_cells_are_readable_on_every_shade():
    values = [[1 + (row * 4 + column) * 4 / 15 for column in range(4)] for row in range(4)]
    chart = heatmap(rows=["A", "B", "C", "D"], values=values)
    cells = [node.get("fill") for node in with_class(chart, "cell")]
    numbers = [node.get("fill") for node in parse(chart).iter() if node.get("font-weight") == "600"]
    assert len(cells) == len(numbers) == 16
    assert min(contrast(text, fill) for text, fill in zip(numbers, cells, strict=True)) >= 4.5


def test_suppressed_cell_with_a_value_is_refused():
    with pytest.raises(ValueError, match="'Daten', column 'IT' is suppressed but carries a value"):
        heatmap(
            rows=["Daten"],
            values=[[1, 2, 3, HeatCell(2.5, suppressed=True)]],
        )


# -- portfolio and stakeholders -------------------------------------------------------


def test_portfolio_names_its_quadrants_in_both_languages():
    german, english = texts(portfolio()), texts(portfolio("en"))
    for name in ("Quick Wins", "Großprojekte", "Lückenfüller", "Undankbare Aufgaben"):
        assert name in german
    for name in ("Quick wins", "Major projects", "Fill-ins", "Thankless tasks"):
        assert name in english


def test_portfolio_places_measures_in_quadrants():
    chart = portfolio()
    assert [chart.quadrant(item) for item in chart.items] == [
        "Quick Wins",
        "Großprojekte",
        "Lückenfüller",
        "Undankbare Aufgaben",
    ]
    middle = PortfolioItem("Mitte", benefit=3, effort=3)
    assert chart.quadrant(middle) == "Großprojekte"  # the middle line counts as high
    assert "Quick Wins: Online-Terminvergabe." in chart.alt_text()
    assert "Höchste Kosten: E-Akte (850.000\u00a0€)." in chart.alt_text()


def test_portfolio_bubbles_grow_with_cost():
    chart = portfolio()
    radius = {float(bubble.get("r")) for bubble in with_class(chart, "point")}
    e_akte, chatbot = max(radius), sorted(radius)[-2]
    assert (e_akte / chatbot) ** 2 == pytest.approx(850_000 / 120_000, rel=1e-3)  # area ∝ cost
    assert "Kreisfläche: Kosten" in texts(chart)
    assert "850.000\u00a0€" in texts(chart)


def test_groups_have_their_own_colours_and_the_ungrouped_are_grey():
    chart = portfolio()
    fills = [bubble.get("fill") for bubble in with_class(chart, "point")]
    # drawn largest first: E-Akte (no group), Chatbot (Service), then the two small ones
    assert fills[0] == "#98a2ad" and fills[1] != fills[0]
    assert {"Verwaltung", "Service", "ohne Zuordnung"} <= set(texts(chart))
    single = portfolio(items=[PortfolioItem("A", 3, 3), PortfolioItem("B", 2, 2)])
    assert {bubble.get("fill") for bubble in with_class(single, "point")} == {"#0072B2"}


def test_portfolio_numbers_its_bubbles_and_lists_them():
    assert {"1", "2", "3", "4", "Online-Terminvergabe", "Chatbot"} <= set(texts(portfolio()))
    table = portfolio().data_table()
    assert [column.header for column in table.columns] == [
        "Nr.",
        "Maßnahme",
        "Nutzen",
        "Aufwand",
        "Kosten",
        "Gruppe",
        "Quadrant",
    ]
    assert table.rows[1] == [2, "E-Akte", 4.5, 4.5, Decimal("850000"), "", "Großprojekte"]


def test_measures_on_the_same_spot_are_spread_apart():
    chart = portfolio(items=[PortfolioItem(f"M{n}", 3, 3) for n in range(4)])
    centres = {(bubble.get("cx"), bubble.get("cy")) for bubble in with_class(chart, "point")}
    assert len(centres) == 4


def _bubbles(chart) -> list[tuple[float, float, float]]:
    return [
        (float(b.get("cx")), float(b.get("cy")), float(b.get("r")))
        for b in with_class(chart, "point")
    ]


@pytest.mark.parametrize("count", [2, 8, 20])
def test_bubbles_sharing_a_cell_do_not_cover_one_another(count):
    # count measures in one cell, costs from small to large; none may cover another (the
    # outlines may touch, by 2 units at most in a crowded cell), and all stay in their quadrant
    items = [
        PortfolioItem(f"Maßnahme {n}", benefit=4, effort=4, cost=10_000 * (n + 1) ** 2,
                      code=f"M{n + 30}")
        for n in range(count)
    ]  # fmt: skip
    chart = portfolio(items=items)
    bubbles = _bubbles(chart)
    assert len(bubbles) == count
    for index, (x1, y1, r1) in enumerate(bubbles):
        for x2, y2, r2 in bubbles[index + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2 - 2
    middle_x, middle_y = 72 + 380 / 2, 20 + 380 / 2  # the field's middle lines
    assert all(x - r >= middle_x - 0.01 and y + r <= middle_y + 0.01 for x, y, r in bubbles)


def test_a_page_of_measures_on_two_spots_keeps_every_mark_in_sight():
    # 50 measures on two spots of one quadrant (a page of a large strategy): more than the
    # quadrant can hold apart, yet each stays in it, and no bubble's middle (its mark) lies
    # near another's
    items = [
        PortfolioItem(f"Maßnahme {n}", benefit=1.5 + (n % 3 == 0) * 0.5, effort=2,
                      cost=1000 * (n % 7), code=f"M{n + 1:02d}")
        for n in range(50)
    ]  # fmt: skip
    bubbles = _bubbles(portfolio(items=items))
    assert len(bubbles) == 50
    middle_x, middle_y = 72 + 380 / 2, 20 + 380 / 2
    assert all(
        x - r >= 72 - 0.01 and x + r <= middle_x + 0.01 and y - r >= middle_y - 0.01
        and y + r <= 400 + 0.01
        for x, y, r in bubbles
    )  # fmt: skip
    for index, (x1, y1, r1) in enumerate(bubbles):
        for x2, y2, r2 in bubbles[index + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= min(r1, r2) / 2


def test_bubbles_show_the_measure_codes_and_the_table_lists_them():
    items = [
        PortfolioItem("E-Akte", benefit=4, effort=4, cost=850_000, code="M32"),
        PortfolioItem("Chatbot", benefit=2, effort=2, code="M07"),
    ]
    chart = portfolio(items=items)
    marks = set(texts(chart))
    assert {"M32", "M07", "E-Akte", "Chatbot"} <= marks
    root = parse(chart)
    in_bubbles = [
        "".join(node.itertext())
        for node in root.iter(f"{{{NS['svg']}}}text")
        if node.get("font-weight") == "bold" and "".join(node.itertext()).startswith("M")
    ]
    assert sorted(in_bubbles) == ["M07", "M07", "M32", "M32"]  # in the bubble and the key
    bold = [
        "".join(node.itertext())
        for node in root.iter(f"{{{NS['svg']}}}text")
        if node.get("font-weight") == "bold"
    ]
    assert not [text for text in bold if text.isdigit()]  # no running numbers
    bubbles = _bubbles(chart)
    assert min(r for _x, _y, r in bubbles) * 2 > text_width("M07", 10.5, bold=True)
    table = chart.data_table()
    assert table.columns[0].header == "Kürzel" and table.rows[0][:2] == ["M32", "E-Akte"]
    assert "Großprojekte: M32 E-Akte." in chart.alt_text()


def test_group_legend_stays_clear_of_the_key():
    # many measures make the key beside the field longer than the field; the legend of the
    # groups below the field must keep to the field's column
    groups = ["Verwaltung & Services", "Infrastruktur & Sicherheit", "Bildung", "Beteiligung",
              "Mitarbeitende & Kultur"]  # fmt: skip
    items = [
        PortfolioItem(f"Maßnahme {n}", benefit=1 + n % 5, effort=1 + n % 4, code=f"M{n:02d}",
                      group=groups[n % len(groups)])
        for n in range(40)
    ]  # fmt: skip
    root = parse(portfolio(items=items))
    key_x = 72 + 380 + 26
    legend_texts = [
        node for node in root.iter(f"{{{NS['svg']}}}text")
        if "".join(node.itertext()) in groups
    ]  # fmt: skip
    assert legend_texts
    for node in legend_texts:
        right = float(node.get("x")) + text_width("".join(node.itertext()), 12.5)
        assert right < key_x


def test_power_interest_grid_names_its_quadrants_in_both_languages():
    german, english = texts(grid()), texts(grid("en"))
    for name in ("Eng einbinden", "Zufriedenstellen", "Informieren", "Beobachten"):
        assert name in german
    for name in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"):
        assert name in english
    chart = grid()
    assert [chart.quadrant(person) for person in chart.stakeholders] == [
        "Eng einbinden",
        "Zufriedenstellen",
        "Informieren",
        "Beobachten",
    ]
    assert "Einfluss →" in texts(chart) and "Interesse →" in texts(chart)
    assert "Eng einbinden: Bürgermeisterin." in chart.alt_text()


# -- roadmap --------------------------------------------------------------------------


def test_roadmap_shows_years_and_quarters():
    chart = roadmap()
    drawn_texts = texts(chart)
    assert {"2027", "2028", "Q1", "Q2", "Q3", "Q4"} <= set(drawn_texts)
    assert [str(quarter) for quarter in chart.quarters()][:2] == ["Q1 2027", "Q2 2027"]
    assert len(chart.quarters()) == 8
    table = chart.data_table()
    assert [column.header for column in table.columns] == [
        "Eintrag",
        "Art",
        "Gruppe",
        "Beginn",
        "Ende",
        "Setzt voraus",
    ]
    assert table.rows[0] == ["Strategie beschließen", "Maßnahme", "", "Q1 2027", "Q2 2027", ""]
    assert table.rows[2][3:] == ["Q1 2028", "Q4 2028", "E-Akte Pilot"]
    assert table.rows[-1] == ["Go-live", "Meilenstein", "", "15.05.2028", "", ""]


def test_roadmap_draws_bars_dependency_arrows_and_milestones():
    chart = roadmap()
    assert len(with_class(chart, "bar")) == 3
    assert len(with_class(chart, "dependency")) == 2
    diamonds = with_class(chart, "milestone")
    assert len(diamonds) == 2 and all(node.tag.endswith("polygon") for node in diamonds)
    assert {"Ratsbeschluss", "Go-live", "Meilenstein", "Abhängigkeit"} <= set(texts(chart))
    text = chart.alt_text()
    assert "Zeitplan von Q1 2027 bis Q4 2028 mit 3 Maßnahmen, 2 Abhängigkeiten" in text
    assert "Meilensteine: Ratsbeschluss (Q2 2027), Go-live (15.05.2028)." in text


def _path_segments(d: str) -> list[tuple[float, float, float, float]]:
    """The straight pieces of a connector drawn with M, H, V and h commands."""
    pieces, x, y = [], 0.0, 0.0
    for command, value in re.findall(r"([MHVh])([-\d.]+(?: [-\d.]+)?)", d):
        numbers = [float(n) for n in value.split()]
        if command == "M":
            x, y = numbers
            continue
        nx, ny = {"H": (numbers[0], y), "V": (x, numbers[0]), "h": (x + numbers[0], y)}[command]
        pieces.append((x, y, nx, ny))
        x, y = nx, ny
    return pieces


def test_dependency_arrow_goes_round_bars_where_it_can():
    # A (Q1–Q2) is a prerequisite of D (from Q1 2028); B and C lie between them in the rows
    # and run Q1–Q3 2027; the connector's way down has room after Q3 and must take it.
    items = [
        RoadmapItem("A", "Q1 2027", "Q2 2027"),
        RoadmapItem("B", "Q1 2027", "Q3 2027"),
        RoadmapItem("C", "Q1 2027", "Q3 2027"),
        RoadmapItem("D", "Q1 2028", "Q2 2028", depends_on="A"),
    ]
    chart = roadmap(items=items, milestones=[])
    bars = [
        (float(b.get("x")), float(b.get("x")) + float(b.get("width")), float(b.get("y")),
         float(b.get("y")) + float(b.get("height")))
        for b in with_class(chart, "bar")
    ]  # fmt: skip
    arrow = with_class(chart, "dependency")[0]
    d = next(node.get("d") for node in arrow.iter() if node.get("d"))
    for x1, y1, x2, y2 in _path_segments(d):
        for left, right, top, bottom in bars[1:3]:  # B and C
            crosses_x = min(x1, x2) <= right and max(x1, x2) >= left
            crosses_y = min(y1, y2) <= bottom and max(y1, y2) >= top
            assert not (crosses_x and crosses_y), f"{d} crosses a bar between"


def test_roadmap_wraps_long_labels_instead_of_cutting_them_and_can_be_wider():
    title = "Einheitlicher Aktenplan und Regeln für die digitale Ablage"
    items = [RoadmapItem(f"M10 {title}", "Q1 2027", "Q2 2027")]
    label = f"M10 {title}"
    for chart in (roadmap(items=items, milestones=[]), roadmap(items=items, milestones=[],
                                                               width=1200)):  # fmt: skip
        lines = [text for text in texts(chart) if text and text in label]
        assert " ".join(lines) == label and "…" not in drawn(chart)
    root = parse(roadmap(items=items, milestones=[], width=1200))
    assert root.get("viewBox") == f"0 0 1200 {root.get('height')}"


def test_roadmap_bars_carry_what_dragging_needs_only_when_asked():
    plain = with_class(roadmap(), "bar")
    assert not any(bar.get("data-roadmap-key") for bar in plain)
    bars = with_class(roadmap(draggable=True), "bar")
    assert [bar.get("data-roadmap-key") for bar in bars] == [
        "strategy",
        "E-Akte Pilot",
        "E-Akte Rollout",
    ]
    assert [bar.get("data-roadmap-start") for bar in bars] == ["0", "2", "4"]
    column = float(bars[0].get("data-roadmap-column"))
    assert float(bars[1].get("x")) - float(bars[0].get("x")) == pytest.approx(2 * column)


def test_roadmap_over_a_fixed_period():
    chart = roadmap(period=("Q1 2027", "Q4 2030"))
    assert len(chart.quarters()) == 16 and "2030" in texts(chart)
    with pytest.raises(ValueError, match="'E-Akte Rollout' .* lies outside the period"):
        roadmap(period=("Q1 2027", "Q4 2027"))


def test_quarters_are_read_from_text_and_dates():
    assert Quarter.of("Q3 2027") == Quarter(2027, 3) == Quarter.of(datetime.date(2027, 9, 30))
    assert Quarter.of("q4/2028") == Quarter(2028, 4)
    assert str(Quarter(2027, 1)) == "Q1 2027"
    with pytest.raises(ValueError, match="is not a quarter"):
        Quarter.of("2027-Q5")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"items": [RoadmapItem("A", "Q1 2027", "Q1 2027", depends_on=["B"])]},
            "measure 'A' depends on unknown measure 'B'",
        ),
        (
            {"items": [RoadmapItem("A", "Q3 2027", "Q1 2027")]},
            r"measure 'A' ends \(Q1 2027\) before it starts \(Q3 2027\)",
        ),
        (
            {"items": [RoadmapItem("A", "Q1 2027", "Q2 2027", depends_on=["A"])]},
            "measure 'A' depends on itself",
        ),
        (
            {
                "items": [
                    RoadmapItem("A", "Q1 2027", "Q2 2027"),
                    RoadmapItem("A", "Q3 2027", "Q4 2027"),
                ]
            },
            "'A' appears twice",
        ),
        ({"items": [RoadmapItem("A", "bald", "Q2 2027")]}, "measure 'A': 'bald' is not a quarter"),
    ],
)
def test_roadmap_refuses_inconsistent_plans(changes, message):
    with pytest.raises(ValueError, match=message):
        roadmap(milestones=[], **changes)


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "changes", "message"),
    [
        (radar, {"series": []}, "RadarChart 'Reifegradprofil': no series to draw"),
        (radar, {"axes": ["A", "B"]}, "at least 3 axes"),
        (bars, {"categories": [], "series": []}, "GroupedBarChart 'Sichtweisen': no categories"),
        (bars, {"series": [Series("Leer", [None, None, None])]}, "every value is missing"),
        (heatmap, {"rows": [], "values": []}, "HeatMap 'Reifegrad nach Gruppe': needs at least"),
        (portfolio, {"items": []}, "PortfolioMatrix 'Priorisierung': no measures to draw"),
        (grid, {"stakeholders": []}, "PowerInterestGrid 'Stakeholder': no stakeholders"),
        (roadmap, {"items": [], "milestones": []}, "RoadmapChart 'Fahrplan': no measures"),
    ],
)
def test_empty_data_is_refused_with_the_chart_named(build, changes, message):
    with pytest.raises(ValueError, match=message):
        build(**changes)


@pytest.mark.parametrize(
    ("build", "changes", "message"),
    [
        (
            radar,
            {"series": [Series("Ziel", [1, 2, 3, 4, 5, 6])]},
            "'Digitale Services für Bürgerinnen und Bürger': 6 is outside the scale 1–5",
        ),
        (radar, {"series": [Series("Ist", [1, 2, 3, 4, 5, math.nan])]}, "not a finite number"),
        (radar, {"series": [Series("Ist", [1, 2, 3])]}, "series 'Ist' has 3 values for 6 axes"),
        (
            bars,
            {"series": [Series("IT", [0.5, -1, 2])]},
            "series 'IT', 'Organisation und Kultur': -1 is outside the scale 0–5",
        ),
        (bars, {"series": [Series("IT", [1, True, 2])]}, "True is not a number"),
        (heatmap, {"values": [[1, 2, 3, 4]] * 2 + [[1, 2, 3, 9]]}, "row 'Prozesse', column 'IT'"),
        (heatmap, {"values": [[1, 2, 3, 4]] * 2 + [[1, 2, 3]]}, "row 'Prozesse' has 3 values"),
        (
            portfolio,
            {"items": [PortfolioItem("Chatbot", benefit=6, effort=1)]},
            "measure 'Chatbot', benefit: 6 is outside the scale 1–5",
        ),
        (
            portfolio,
            {"items": [PortfolioItem("Chatbot", 3, 3, cost=-5)]},
            "measure 'Chatbot', cost: -5 is negative",
        ),
        (
            portfolio,
            {"items": [PortfolioItem("Chatbot", 3, float("inf"))]},
            "'Chatbot', effort: inf is not a finite number",
        ),
        (
            grid,
            {"stakeholders": [Stakeholder("Presse", power=0, interest=3)]},
            "stakeholder 'Presse', power: 0 is outside",
        ),
        (grid, {"stakeholders": [Stakeholder("Presse", "hoch", 3)]}, "'hoch' is not a number"),
        (radar, {"scale_min": 5, "scale_max": 1}, "from a lower to a higher value"),
    ],
)
def test_bad_values_are_refused_naming_the_item(build, changes, message):
    with pytest.raises(ValueError, match=message):
        build(**changes)


def test_too_many_series_to_tell_apart_is_refused():
    many = [Series(f"Gruppe {n}", [2, 2, 2, 2, 2, 2]) for n in range(9)]
    with pytest.raises(ValueError, match="at most 8 series"):
        radar(series=many)


def test_png_survives_tricky_unicode():
    tricky = [
        "👩‍💻 Team",
        "👨‍👩‍👧‍👦 🏳️‍🌈 🇩🇪",
        "e\u0301\u0301 combining",
        "مرحبا עברית mixed",
        "\u202e reversed \u202c",
        "x\u200d",
        "\ufffd \u2028 \u2029",
    ]
    chart = bars(categories=tricky, series=[Series("Gruppe", [1] * len(tricky))])
    assert chart.png().startswith(b"\x89PNG")


def test_a_failing_rasteriser_gives_a_clear_error(monkeypatch, caplog):
    from kommunalkompass.documents.charts import raster

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(raster.typst, "compile", broken)
    with pytest.raises(raster.ChartRenderError, match="'Reifegradprofil' as PNG: out of memory"):
        radar().png()
    assert "Rasterising the chart 'Reifegradprofil' failed" in caplog.text


# -- peer ranges ----------------------------------------------------------------------


def test_ranges_draw_a_band_and_median_per_known_category_and_the_own_values():
    chart = ranges()
    assert len(with_class(chart, "range")) == 3
    assert len(with_class(chart, "median")) == 3
    assert len(with_class(chart, "own")) == 3
    assert "2,8" in drawn(chart) and "k. A." in drawn(chart)


def test_ranges_alt_text_says_where_the_organisation_is_above_and_below_the_median():
    text = ranges(language="en").alt_text()
    assert "Musterstadt is above the median on Strategie" in text
    assert "below the median on Organisation und Kultur" in text
    assert "2 values not available" in text


def test_ranges_table_holds_quartiles_median_and_own_value():
    table = ranges().data_table()
    assert [column.header for column in table.columns] == [
        "Dimension", "1. Quartil", "Median", "3. Quartil", "Musterstadt",
    ]  # fmt: skip
    assert table.rows[0] == ["Strategie", 2.1, 2.5, 3.0, 2.8]
    assert table.rows[2] == ["Prozesse", None, None, None, 2.2]


def test_ranges_refuse_decreasing_quartiles_and_values_off_the_scale():
    with pytest.raises(ValueError, match="quartiles must not decrease"):
        ranges(ranges=[PeerRange(3, 2, 4), None, None, None])
    with pytest.raises(ValueError, match="outside the scale"):
        ranges(own=[7, None, None, None])
    with pytest.raises(ValueError, match="no category has a peer range"):
        ranges(ranges=[None] * 4)


# -- indicator trajectory -------------------------------------------------------------


def test_trajectory_draws_the_expected_path_and_each_value():
    chart = trajectory()
    assert len(with_class(chart, "expected")) == 1
    assert len(with_class(chart, "value")) == 2
    assert "31" in drawn(chart) and "2028" in drawn(chart)


def test_trajectory_alt_text_compares_the_latest_value_with_the_expectation():
    text = trajectory(language="en").alt_text()
    assert "baseline 20.0, target 80.0 and 2 measured values" in text
    assert "Latest value 31.0 on 30 Sep 2026" in text


def test_trajectory_table_lists_values_in_date_order_with_the_expectation():
    rows = trajectory().data_table().rows
    assert [row[0] for row in rows] == [
        datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), datetime.date(2026, 9, 30),
        datetime.date(2030, 12, 31),
    ]  # fmt: skip
    assert rows[-1] == [datetime.date(2030, 12, 31), None, 80.0]


def test_trajectory_refuses_values_outside_the_period_and_reversed_dates():
    with pytest.raises(ValueError, match="outside"):
        trajectory(values=[(datetime.date(2031, 6, 1), 50)])
    with pytest.raises(ValueError, match="after the baseline date"):
        trajectory(end=datetime.date(2025, 1, 1))


# -- lines over time ------------------------------------------------------------------


def test_lines_label_every_period_and_the_latest_values():
    chart = lines()
    text = drawn(chart)
    for month in MONTHS:
        assert month in text
    assert "21" in text and "12" in text  # the latest value of each series
    assert len(with_class(chart, "line")) == 3  # one line, and one broken by the gap in two


def test_lines_say_first_and_latest_value_of_each_series():
    assert lines().alt_text() == (
        "Liniendiagramm mit 6 Zeiträumen von Juli 2026 bis Dez. 2026. "
        "Online (Stufe 2+): 10 (Juli 2026), zuletzt 21 (Dez. 2026). "
        "OZG-konform (Stufe 3+): 4 (Juli 2026), zuletzt 12 (Dez. 2026)."
    )


def test_lines_table_leaves_a_missing_value_empty():
    table = lines().table_view()
    assert [cell.text for cell in table.rows[2]] == ["Sep. 2026", "12", "–"]
    assert table.headers[0].text == "Monat"


def test_lines_refuse_negative_values_and_wrong_lengths():
    with pytest.raises(ValueError, match="outside the scale"):
        lines(series=[Series("Online", [1, 2, -3, 4, 5, 6])])
    with pytest.raises(ValueError, match="has 2 values for 6 periods"):
        lines(series=[Series("Online", [1, 2])])
    with pytest.raises(ValueError, match="empty data"):
        lines(series=[Series("Online", [None] * 6)])


# -- stacked shares -------------------------------------------------------------------


def test_stacked_bars_show_each_share_of_the_whole():
    chart = stacked()
    assert chart.share(chart.parts[0], 0) == 0.5
    text = drawn(chart)
    assert "50\xa0%" in text and "75\xa0%" in text
    assert "keine Daten" in text  # "Ein- & Auswanderung" has no service
    segments = with_class(chart, "segment")
    assert len(segments) == 3 + 2 + 2 + 0 + 2 + 3


def test_stacked_bars_draw_what_remains_in_grey():
    colours = [node.get("fill") for node in with_class(stacked(rest_last=True), "segment")]
    assert colours[2] == "#98a2ad" and colours[0] != colours[1] != colours[2]


def test_stacked_bars_table_has_count_and_share_of_every_part():
    table = stacked().table_view()
    assert [cell.text for cell in table.rows[0]] == [
        "Arbeit & Ruhestand", "2", "50\xa0%", "1", "25\xa0%", "1", "25\xa0%"
    ]  # fmt: skip
    assert table.headers[2].text == "OZG-konform (Anteil)"


def test_stacked_bars_alt_text_names_the_shares_per_category():
    text = stacked("en").alt_text()
    assert text.startswith("Stacked bar chart of 6 bars, each split into 3 shares.")
    assert "Bildung: OZG-konform 25%, online 0% and noch nicht online 75%." in text


def test_stacked_bars_refuse_negative_counts_and_nothing_at_all():
    with pytest.raises(ValueError, match="outside the scale"):
        stacked(parts=[Series("online", [1, -1, 0, 0, 0, 0])])
    with pytest.raises(ValueError, match="every count is zero"):
        stacked(parts=[Series("online", [0] * 6)])
