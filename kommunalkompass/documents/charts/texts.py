"""The words the charts draw, in German and English.

A chart speaks the language of the document it belongs to (``language="de"`` or ``"en"``),
not the language of the request that happens to render it, so its few words are kept here
beside each other rather than in the gettext catalogue. Terms follow GLOSSARY.md.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # general
    "dimension": {"de": "Dimension", "en": "Dimension"},
    "no_value": {"de": "k. A.", "en": "n/a"},
    "no_data": {"de": "keine Daten", "en": "no data"},
    "suppressed": {"de": "unterdrückt", "en": "suppressed"},
    "suppressed_legend": {
        "de": "unterdrückt (zu wenige Antworten)",
        "en": "suppressed (too few responses)",
    },
    "none": {"de": "keine", "en": "none"},
    "no_group": {"de": "ohne Zuordnung", "en": "unassigned"},
    "and_more": {"de": "und {count} weitere", "en": "and {count} more"},
    "list_and": {"de": "und", "en": "and"},
    # radar
    "radar_summary": {
        "de": "Netzdiagramm mit {count} Dimensionen auf einer Skala von {low} bis {high}.",
        "en": "Radar chart with {count} dimensions on a scale from {low} to {high}.",
    },
    "series_summary": {
        "de": "{name}: Durchschnitt {mean}, höchster Wert {top} ({top_at}), "
        "niedrigster Wert {bottom} ({bottom_at}).",
        "en": "{name}: average {mean}, highest {top} ({top_at}), lowest {bottom} ({bottom_at}).",
    },
    "largest_gap": {
        "de": "Größter Abstand zwischen {first} und {second}: {where} ({gap}).",
        "en": "Largest gap between {first} and {second}: {where} ({gap}).",
    },
    # grouped bars
    "bars_summary": {
        "de": "Gruppiertes Balkendiagramm mit {count} Dimensionen und {groups} Gruppen "
        "auf einer Skala von {low} bis {high}.",
        "en": "Grouped bar chart with {count} dimensions and {groups} groups "
        "on a scale from {low} to {high}.",
    },
    "largest_spread": {
        "de": "Die Gruppen liegen bei {where} am weitesten auseinander ({gap}).",
        "en": "The groups differ most on {where} ({gap}).",
    },
    "missing_values": {
        "de": "{count} Werte ohne Angabe.",
        "en": "{count} values not available.",
    },
    "missing_values_one": {"de": "1 Wert ohne Angabe.", "en": "1 value not available."},
    # peer ranges (benchmark)
    "ranges_summary": {
        "de": "Vergleich mit ähnlichen Organisationen in {count} Dimensionen auf einer Skala "
        "von {low} bis {high}: mittlere Hälfte und Median der Vergleichsgruppe und der eigene "
        "Wert.",
        "en": "Comparison with similar organisations across {count} dimensions on a scale "
        "from {low} to {high}: middle half and median of the peer group and the own value.",
    },
    "ranges_above": {
        "de": "{name} liegt über dem Median bei {where}.",
        "en": "{name} is above the median on {where}.",
    },
    "ranges_below": {
        "de": "{name} liegt unter dem Median bei {where}.",
        "en": "{name} is below the median on {where}.",
    },
    "middle_half": {
        "de": "Mittlere Hälfte (1. bis 3. Quartil)",
        "en": "Middle half (1st to 3rd quartile)",
    },
    "median": {"de": "Median", "en": "Median"},
    "lower_quartile": {"de": "1. Quartil", "en": "1st quartile"},
    "upper_quartile": {"de": "3. Quartil", "en": "3rd quartile"},
    # indicator trajectory
    "trajectory_summary": {
        "de": "Verlauf von {start} bis {end} mit Ausgangswert {baseline}, Zielwert {target} "
        "und {count} Messwerten.",
        "en": "Trajectory from {start} to {end} with baseline {baseline}, target {target} "
        "and {count} measured values.",
    },
    "trajectory_latest": {
        "de": "Letzter Messwert {value} am {date}, erwartet waren {expected}.",
        "en": "Latest value {value} on {date}; {expected} was expected.",
    },
    "expected_path": {"de": "Erwarteter Verlauf", "en": "Expected path"},
    "measured": {"de": "Gemessen", "en": "Measured"},
    "date": {"de": "Datum", "en": "Date"},
    "expected": {"de": "Erwartet", "en": "Expected"},
    # heat map
    "heatmap_summary": {
        "de": "Heatmap mit {rows} Dimensionen und {columns} Gruppen "
        "auf einer Skala von {low} bis {high}.",
        "en": "Heat map with {rows} dimensions and {columns} groups "
        "on a scale from {low} to {high}.",
    },
    "heatmap_extremes": {
        "de": "Höchster Wert {top} bei {top_at}, niedrigster Wert {bottom} bei {bottom_at}.",
        "en": "Highest value {top} for {top_at}, lowest value {bottom} for {bottom_at}.",
    },
    "heatmap_suppressed": {
        "de": "{count} Zellen sind zum Schutz der Anonymität unterdrückt.",
        "en": "{count} cells are suppressed to protect anonymity.",
    },
    "heatmap_suppressed_one": {
        "de": "1 Zelle ist zum Schutz der Anonymität unterdrückt.",
        "en": "1 cell is suppressed to protect anonymity.",
    },
    # quadrant charts
    "number": {"de": "Nr.", "en": "No."},
    "code": {"de": "Kürzel", "en": "Code"},
    "group": {"de": "Gruppe", "en": "Group"},
    "quadrant": {"de": "Quadrant", "en": "Quadrant"},
    "benefit": {"de": "Nutzen", "en": "Benefit"},
    "effort": {"de": "Aufwand", "en": "Effort"},
    "cost": {"de": "Kosten", "en": "Cost"},
    "measure": {"de": "Maßnahme", "en": "Measure"},
    "quick_wins": {"de": "Quick Wins", "en": "Quick wins"},
    "major_projects": {"de": "Großprojekte", "en": "Major projects"},
    "fill_ins": {"de": "Lückenfüller", "en": "Fill-ins"},
    "thankless_tasks": {"de": "Undankbare Aufgaben", "en": "Thankless tasks"},
    "bubble_area": {"de": "Kreisfläche: Kosten", "en": "Circle area: cost"},
    "portfolio_summary": {
        "de": "Portfolio-Matrix mit {count} Maßnahmen nach Nutzen und Aufwand "
        "auf einer Skala von {low} bis {high}.",
        "en": "Portfolio matrix of {count} measures by benefit and effort "
        "on a scale from {low} to {high}.",
    },
    "highest_cost": {
        "de": "Höchste Kosten: {name} ({cost}).",
        "en": "Highest cost: {name} ({cost}).",
    },
    "stakeholder": {"de": "Stakeholder", "en": "Stakeholder"},
    "power": {"de": "Einfluss", "en": "Power"},
    "interest": {"de": "Interesse", "en": "Interest"},
    "manage_closely": {"de": "Eng einbinden", "en": "Manage closely"},
    "keep_satisfied": {"de": "Zufriedenstellen", "en": "Keep satisfied"},
    "keep_informed": {"de": "Informieren", "en": "Keep informed"},
    "monitor": {"de": "Beobachten", "en": "Monitor"},
    "grid_summary": {
        "de": "Einfluss-Interesse-Matrix mit {count} Stakeholdern "
        "auf einer Skala von {low} bis {high}.",
        "en": "Power/interest grid of {count} stakeholders on a scale from {low} to {high}.",
    },
    # roadmap
    "entry": {"de": "Eintrag", "en": "Entry"},
    "kind": {"de": "Art", "en": "Kind"},
    "milestone": {"de": "Meilenstein", "en": "Milestone"},
    "dependency": {"de": "Abhängigkeit", "en": "Dependency"},
    "start": {"de": "Beginn", "en": "Start"},
    "end": {"de": "Ende", "en": "End"},
    "depends_on": {"de": "Setzt voraus", "en": "Depends on"},
    "roadmap_summary": {
        "de": "Zeitplan von {first} bis {last} mit {count} Maßnahmen, "
        "{dependencies} Abhängigkeiten und {milestones} Meilensteinen.",
        "en": "Schedule from {first} to {last} with {count} measures, "
        "{dependencies} dependencies and {milestones} milestones.",
    },
    "roadmap_span": {
        "de": "Am frühesten beginnt {first_name} ({first}), "
        "am spätesten endet {last_name} ({last}).",
        "en": "{first_name} starts first ({first}); {last_name} ends last ({last}).",
    },
    "roadmap_milestones": {"de": "Meilensteine: {items}.", "en": "Milestones: {items}."},
    # lines over time
    "period": {"de": "Zeitraum", "en": "Period"},
    "lines_summary": {
        "de": "Liniendiagramm mit {count} Zeiträumen von {first} bis {last}.",
        "en": "Line chart over {count} periods from {first} to {last}.",
    },
    "line_change": {
        "de": "{name}: {first} ({first_at}), zuletzt {last} ({last_at}).",
        "en": "{name}: {first} ({first_at}), latest {last} ({last_at}).",
    },
    # stacked bars
    "category": {"de": "Kategorie", "en": "Category"},
    "stacked_summary": {
        "de": "Gestapeltes Balkendiagramm mit {count} Balken, jeder in {parts} Anteile geteilt.",
        "en": "Stacked bar chart of {count} bars, each split into {parts} shares.",
    },
    "share_of": {"de": "{name} {share}", "en": "{name} {share}"},
    "share_column": {"de": "{name} (Anteil)", "en": "{name} (share)"},
}


def text(key: str, language: str, **values: object) -> str:
    return TEXTS[key][language].format(**values)


def join(items: list[str], language: str, limit: int = 5) -> str:
    """``A, B und C`` (or ``A, B, C und 4 weitere`` beyond ``limit``)."""
    if not items:
        return text("none", language)
    if len(items) > limit:
        rest = text("and_more", language, count=len(items) - limit)
        return ", ".join(items[:limit]) + " " + rest
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {text('list_and', language)} " + items[-1]
