"""Charts for the app as inline SVG: vector (crisp at any zoom), built in well under a millisecond,
and placed in the same HTML as the text, so text and chart always change together.

The matplotlib charts in :mod:`kkr_analysis.presentation.plots` stay the ones for reports and PNG
downloads.
Presentation only: each chart draws a result object, never a rule.
"""

from __future__ import annotations

from html import escape

from .. import danish
from ..presentation.plots import colour
from ..rules.composition import KKR_METHOD, Composition, election_label
from ..scenarios.alliance_margins import AllianceStanding

WIDTH, HEIGHT = 680, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 30, 58
POST_LABELS = {"chair": "Formand", "vice_chair": "Næstformand"}


def _frame(title: str, label: str, body: list[str]) -> str:
    return (f'<svg class="kkr-chart" role="img" aria-label="{escape(label)}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" style="max-width:{WIDTH}px" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">'
            f'<title>{escape(label)}</title>'
            f'<text x="{WIDTH / 2}" y="16" text-anchor="middle" font-size="13" '
            f'font-weight="bold">{escape(title)}</text>' + "".join(body) + "</svg>")


def _axis(top_value: float) -> tuple[list[str], float]:
    """A y axis from 0 to a round value ≥ ``top_value``; returns the SVG and the scale. Every
    tick is a whole number (seats and votes are counted: no "2" drawn at 2,5)."""
    plot_h = HEIGHT - TOP - BOTTOM
    top = max(top_value, 1.0)
    magnitude = 10 ** (len(str(int(top))) - 1)
    step = next(s * magnitude for s in (0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10)
                if top / (s * magnitude) <= 5 and float(s * magnitude).is_integer())
    if step < 1:
        step = 1
    ticks = [step * k for k in range(int(top // step) + 2)]
    top = ticks[-1]
    scale = plot_h / top
    parts = []
    for t in ticks:
        y = HEIGHT - BOTTOM - t * scale
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e3e3e3"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
                     f'{danish.integer(t)}</text>')
    return parts, scale


def _lines(lines: list[str], x: float, y: float, attrs: str = "") -> str:
    """Text lines centred at ``x``, the first at ``y``, 12 px apart (escaped)."""
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 12}">{escape(t)}</tspan>'
                    for i, t in enumerate(lines))
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle"{attrs}>{spans}</text>'


def _label(name: str, x: float, floor: float, slot: float) -> str:
    """An x-axis label, never cut: split over two lines (at a space or a "+") and set smaller
    when it is wider than its slot; the whole name is also its tooltip."""
    size = 12
    lines = [name]
    if len(name) * 7 > slot:
        cut = name.find(" ") if " " in name else (name.rfind("+", 0, len(name) // 2 + 2)
                                                   if "+" in name else -1)
        if cut > 0:
            lines = [name[:cut + (name[cut] == "+")].strip(), name[cut + 1:].strip()]
        size = 10 if max(len(t) for t in lines) * 7 > slot else 12
    body = _lines(lines, x, floor + 15, f' font-size="{size}"')
    return f"<g><title>{escape(name)}</title>{body}</g>"


def composition_svg(comp: Composition, baseline: Composition | None = None) -> str:
    """Seats per list: mayors (solid) + supplementary members (light); the baseline's total as a
    dashed mark where it differs."""
    rows = [r for r in comp.rows if r.total > 0 or (baseline and baseline.seats().get(r.list))]
    base = baseline.seats() if baseline is not None else {}
    body, scale = _axis(max([r.total for r in rows] + list(base.values()) + [1]) * 1.1)
    slot = (WIDTH - LEFT - RIGHT) / max(len(rows), 1)
    bar = min(44.0, slot * 0.6)
    floor = HEIGHT - BOTTOM
    for i, r in enumerate(rows):
        x = LEFT + slot * i + (slot - bar) / 2
        fill = colour(r.list)
        h_m, h_s = r.mayors * scale, r.supplementary * scale
        body.append(f'<rect x="{x:.1f}" y="{floor - h_m:.1f}" width="{bar:.1f}" '
                    f'height="{h_m:.1f}" fill="{fill}" stroke="#222" stroke-width="0.5"/>')
        body.append(f'<rect x="{x:.1f}" y="{floor - h_m - h_s:.1f}" width="{bar:.1f}" '
                    f'height="{h_s:.1f}" fill="{fill}" fill-opacity="0.45" stroke="#222" '
                    f'stroke-width="0.5"/>')
        body.append(f'<text x="{x + bar / 2:.1f}" y="{floor - h_m - h_s - 4:.1f}" '
                    f'text-anchor="middle">{r.total}</text>')
        body.append(_label(r.list, x + bar / 2, floor, slot))
        if baseline is not None and base.get(r.list, 0) != r.total:
            y = floor - base.get(r.list, 0) * scale
            body.append(f'<line x1="{x - 4:.1f}" x2="{x + bar + 4:.1f}" y1="{y:.1f}" '
                        f'y2="{y:.1f}" stroke="#c00" stroke-width="2" stroke-dasharray="4 3"/>')
    legend = (f'<rect x="60" y="{HEIGHT - 14}" width="10" height="10" fill="#777"/>'
              f'<text x="74" y="{HEIGHT - 5}">Borgmestre</text>'
              f'<rect x="160" y="{HEIGHT - 14}" width="10" height="10" fill="#777" '
              f'fill-opacity="0.45"/>'
              f'<text x="174" y="{HEIGHT - 5}">Supplerende medlemmer</text>')
    if baseline is not None:
        legend += (f'<line x1="330" x2="350" y1="{HEIGHT - 9}" y2="{HEIGHT - 9}" stroke="#c00" '
                   f'stroke-width="2" stroke-dasharray="4 3"/>'
                   f'<text x="354" y="{HEIGHT - 5}">Standard (2 %, '
                   f'{danish.method_name(KKR_METHOD)}, faktiske stemmer)</text>')
    body.append(legend)
    capped = ", loftet binder" if comp.cap_binds else ""
    title = (f"KKR {comp.region} ({election_label(comp.election)}, "
             f"{danish.method_name(comp.method)}): "
             f"{comp.size} medlemmer (loft {comp.cap}{capped})")
    return _frame(title, "Sammensætning: pladser pr. liste", body)


def chair_svg(standings: list[AllianceStanding]) -> str:
    """Each valgforbund's 1st and 2nd d'Hondt quotient; the two winning quotients are marked
    with the post they win (formand = the largest, næstformand = the next)."""
    # A bloc's n-th post is won by its n-th quotient; a post decided by lot is not marked.
    winners = {(s.label, k): POST_LABELS[post] for s in standings
               for k, post in enumerate(s.posts)}
    body, scale = _axis(float(max((s.votes for s in standings), default=1)) * 1.12)
    slot = (WIDTH - LEFT - RIGHT) / max(len(standings), 1)
    bar = min(26.0, slot * 0.36)
    floor = HEIGHT - BOTTOM
    for i, s in enumerate(standings):
        fill = colour(s.alliance.members[0])
        for k, q in enumerate(s.quotients):
            x = LEFT + slot * i + slot / 2 - bar + k * bar
            h = float(q) * scale
            won = winners.get((s.label, k))
            stroke = (' stroke="#000" stroke-width="2"' if won
                      else ' stroke="#222" stroke-width="0.5"')
            body.append(f'<rect x="{x:.1f}" y="{floor - h:.1f}" width="{bar:.1f}" '
                        f'height="{h:.1f}" fill="{fill}" fill-opacity="{1 if k == 0 else 0.45}"'
                        f'{stroke}/>')
            both = len(s.posts) == 2
            if won and not (both and k == 1):
                # a valgforbund holding both posts: one label over its pair of bars, not the
                # næstformand label drawn over the formand bar
                lines = ["Formand og", "næstformand"] if both else [won]
                centre = x + (bar if both else bar / 2)
                body.append(_lines(lines, centre, floor - h - 5 - 12 * (len(lines) - 1),
                                   ' font-weight="bold" font-size="11"'))
        body.append(_label(s.label, LEFT + slot * i + slot / 2, floor, slot))
    body.append(f'<text x="60" y="{HEIGHT - 5}">Mørk: 1. kvotient (stemmer/1) · lys: 2. '
                f'kvotient (stemmer/2) · sort kant: vinder en post</text>')
    return _frame("Valgforbundenes kvotienter (d'Hondt)", "Kvotienter pr. valgforbund", body)
