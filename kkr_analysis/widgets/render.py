"""The app's result as one piece of HTML (text, tables and charts together) and its downloads.

One HTML string per scenario: the widget's value is replaced in one assignment, so the text and
the charts can never disagree. Numbers are formatted by :mod:`kkr_analysis.danish`.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Sequence
from fractions import Fraction
from numbers import Real

import numpy as np
import pandas as pd

from .. import danish
from ..rules.chair import POST_NAMES, ChairElection, Post
from ..rules.composition import Composition, election_label
from ..rules.explain import explain_composition
from ..rules.uncertainty import open_questions_da
from ..safe_csv import safe_cell
from ..safe_html import esc as escape
from ..safe_html import file_name
from ..scenarios.alliance_margins import AllianceStanding
from ..scenarios.mayors import MayorRanges
from .charts import chair_svg, composition_svg
from .model import CSV_COLUMNS, ScenarioResult, result_rows, shown_rows

CHANGED = "background:#fff3b0"
_RULES = (("table", "border-collapse:collapse;margin:4px 0 10px 0;font-size:13px"),
          ("th,{c} td", "border-bottom:1px solid #ddd;padding:3px 8px;text-align:right"),
          ("th:first-child,{c} td:first-child", "text-align:left"),
          ("th", "background:#f3f3f3"), (".headline", "font-size:1.25em;margin:6px 0"),
          (".note", "color:#8a4b00;margin:2px 0"), ("h4", "margin:14px 0 4px 0"),
          # a phone: a wide table scrolls inside its own box, nothing else does
          # (width 0 + min-width 100 %: the table's width does not widen the page around it)
          (".kkr-scroll", "overflow-x:auto;width:0;min-width:100%"),
          ("code", "overflow-wrap:anywhere"),
          (".kkr-standings td,{c} .kkr-composition td,{c} .kkr-baseline td,{c} .kkr-ranges td",
           "white-space:nowrap"),
          (".kkr-ranges td:nth-child(n+5),{c} .kkr-ranges th:nth-child(n+5)", "text-align:left"),
          ("", "max-width:100%;overflow-wrap:break-word"))
LIVE, FIRST = "kkr-result", "kkr-first-result"  # the live app's block; the server's first view
SCROLL = "kkr-scroll"  # a wide table's own horizontal scroll box


def _style(css_class: str) -> str:
    return "<style>" + "".join(f".{css_class} {sel.format(c='.' + css_class)}{{{rule}}}"
                                for sel, rule in _RULES) + "</style>"


STYLE = _style(LIVE)


def _number(q: Fraction) -> str:
    return danish.integer(q) if q.denominator == 1 else danish.decimal(q, 1)


def _post_text(p: Post | None) -> str:
    if p is None:
        return "lodtrækning"
    inside = f" (valgforbund {'+'.join(p.alliance)})" if len(p.alliance) > 1 else ""
    return f"{p.list}{inside}"


def headline(chair: ChairElection | None) -> str:
    """ "Formand: C (valgforbund C+V) / Næstformand: A" — the answer in one line."""
    if chair is None:
        return "Intet formandsvalg: ingen liste er repræsenteret"
    return f"Formand: {_post_text(chair.chair)} / Næstformand: {_post_text(chair.vice_chair)}"


def _lots(chair: ChairElection) -> str:
    return "".join(
        f"<div class='note'>Lodtrækning om {'/'.join(POST_NAMES[p] for p in t.posts)} mellem "
        f"{escape(', '.join(t.lists))}.</div>" for t in chair.ties)


def next_post_text(s: AllianceStanding) -> str:
    """"12.345 (formand)": the votes the valgforbund lacks for the next post it can take."""
    nxt = s.next_post
    return "—" if nxt is None else f"{danish.integer(nxt[1])} ({POST_NAMES[nxt[0]]})"


def keep_text(s: AllianceStanding) -> str:
    """"formand: 16.267": per post it holds, the votes it can lose and keep that post, no lot."""
    return ", ".join(f"{POST_NAMES[p]}: {danish.integer(v)}" for p, v in s.keep) or "—"


def chair_section(r: ScenarioResult) -> str:
    """Per valgforbund: votes, quotients, posts and margins; the no-valgforbund baseline beside."""
    if r.chair is None:
        return ""
    rows = []
    for s in r.standings:
        posts = ", ".join(f"{POST_NAMES[p]} ({escape(h)})" for p, h in zip(s.posts, s.holders))
        if s.in_lot and not posts:
            posts = "lodtrækning"
        rows.append(
            f"<tr><td>{escape(s.label)}</td><td>{danish.integer(s.votes)}</td>"
            f"<td>{_number(s.quotients[0])}</td><td>{_number(s.quotients[1])}</td>"
            f"<td>{escape(posts) or '—'}</td><td class='kkr-next'>{next_post_text(s)}</td>"
            f"<td class='kkr-keep'>{keep_text(s)}</td></tr>")
    table = (f"<div class='{SCROLL}'><table class='kkr-standings'><tr><th>Valgforbund</th>"
             "<th>Stemmer</th>"
             "<th>1. kvotient</th><th>2. kvotient</th><th>Post</th>"
             "<th>Stemmer der mangler til næste post</th>"
             "<th>Kan miste og beholde samme post uden lodtrækning</th></tr>"
             + "".join(rows) + "</table></div>")
    base = r.baseline_chair
    compare = []
    for post in ("chair", "vice_chair"):
        now, before = getattr(r.chair, post), getattr(base, post) if base else None
        changed = (now.list if now else None) != (before.list if before else None)
        style = f" style='{CHANGED}'" if changed else ""
        compare.append(f"<tr{style}><td>{POST_NAMES[post].capitalize()}</td>"
                       f"<td>{escape(_post_text(now))}</td>"
                       f"<td>{escape(_post_text(before))}</td></tr>")
    baseline = (f"<div class='{SCROLL}'><table class='kkr-baseline'><tr><th>Post</th>"
                "<th>Med valgforbund</th>"
                "<th>Uden valgforbund</th></tr>" + "".join(compare) + "</table></div>")
    return ("<h4>Formand og næstformand: tallene bag svaret</h4>" + table
            + "<div style='font-size:12px;color:#555'>Marginer for valgforbundet som helhed "
            "(dets stemmer lagt sammen), præcise stemmetal regnet med de samme repræsenterede "
            "lister, som <code>kkr margins --posts</code>: med «mangler» stemmer mere får det "
            "posten uanset lodtrækning, med én færre ikke sikkert; mister det én stemme mere end "
            "«kan miste», har en anden liste posten, eller en lodtrækning afgør den.</div>"
            "<h4>Ændring mod ingen valgforbund</h4>" + baseline
            + chair_svg(list(r.standings)))


_EXPLAINED: dict[int, tuple[Composition, str]] = {}


def _cell(value, digits: int = 0) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool | np.bool_):
        return danish.yes_no(bool(value))
    if isinstance(value, Real):
        return danish.decimal(value, digits) if digits else danish.integer(value)
    return escape(str(value))


def explain_section(comp: Composition) -> str:
    """"Sådan blev pladserne fordelt": every seat in the order the method assigns it, then the
    first list that missed out (``explain_composition``, rule ``kkr.explain``)."""
    hit = _EXPLAINED.get(id(comp))
    if hit is not None and hit[0] is comp:
        return hit[1]
    table = explain_composition(comp)
    hare = comp.method == "hare"
    head = ["Plads", "Liste", "Stemmer"] + (["Kvote", "Rest"] if hare else ["Divisor"]) + [
        "Kvotient", "Besat af", "Note", "Stemmer til en plads mere"]
    rows = []
    for row in table.itertuples(index=False):
        cells = [_cell(row.seat), _cell(row.list), _cell(row.votes)]
        cells += ([_cell(row.quota, 2), _cell(row.remainder, 2)] if hare
                  else [_cell(row.divisor)])
        lot = " (lodtrækning)" if bool(row.lot) else ""
        cells += [_cell(row.quotient, 1), _cell(row.filled_by) + lot, _cell(row.note),
                  _cell(row.gap_votes)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    html = (f"{STYLE}<div class='kkr-result kkr-explain'><div style='color:#555'>KKR "
            f"{escape(comp.region)} ({escape(election_label(comp.election))}), "
            f"{danish.method_name(comp.method)}, "
            f"spærregrænse {danish.percent_value(comp.threshold * 100)}</div>"
            f"<div class='{SCROLL}'><table><tr>" + "".join(f"<th>{h}</th>" for h in head)
            + "</tr>" + "".join(rows) + "</table></div></div>")
    if len(_EXPLAINED) > 256:
        _EXPLAINED.clear()
    _EXPLAINED[id(comp)] = (comp, html)
    return html


def composition_section(r: ScenarioResult) -> str:
    """The composition beside the default rule (2 %, KKR_METHOD — the project's reading, not a
    method KL has decided — and the votes as cast), changes marked; the share of the threshold's
    base (cast votes where the data has them, ``kkr.threshold_base``)."""
    base = r.baseline.seats()
    rows = []
    for row in shown_rows(r.composition):  # the same rows as the CSV download
        before = base.get(row.list, 0)
        style = f" style='{CHANGED}'" if before != row.total else ""
        diff = row.total - before
        rows.append(
            f"<tr{style}><td>{escape(row.list)}</td><td>{danish.integer(row.votes)}</td>"
            f"<td>{danish.percent(row.share)}</td><td>{danish.yes_no(row.eligible)}</td>"
            f"<td>{row.mayors}</td><td>{row.supplementary}</td><td><b>{row.total}</b></td>"
            f"<td>{before}</td><td>{f'{diff:+d}' if diff else ''}</td></tr>")
    c = r.composition
    scenario = " (scenarie)" if r.scenario.mayors else ""
    head = (f"<h4>Sammensætning{scenario}: {c.size} medlemmer (loft {c.cap}"
            f"{', loftet binder' if c.cap_binds else ''})</h4>")
    tie = ""
    if c.tie is not None:
        seats = danish.plural(c.tie.seats, "plads", "pladser")
        tie = (f"<div class='note'>Lodtrækning om {seats} mellem "
               f"{escape(', '.join(c.tie.lists))}.</div>")
    share = danish.heading(c.share_key)
    table = (f"<div class='{SCROLL}'><table class='kkr-composition'><tr><th>Liste</th>"
             f"<th>Stemmer</th><th>{share}</th>"
             "<th>Repræsenteret</th><th>Borgmestre</th><th>Supplerende</th><th>I alt</th>"
             f"<th>Standard{' (data)' if scenario else ''}</th><th>Forskel</th></tr>"
             + "".join(rows) + "</table></div>")
    return head + tie + table + composition_svg(c, r.baseline)


def ranges_html(ranges: MayorRanges, note: str = "") -> str:
    """The KKR's possible compositions while mayor posts are open (rule ``kkr.mayors``,
    :meth:`~kkr_analysis.scenario.Scenario.mayor_ranges`): per list the fewest and most seats,
    whether they are certain, and an assignment of the open posts giving each extreme; ``note``
    names the posts the scenario sets ("scenarie: borgmester i Kolding = C (data: V)")."""
    frame = ranges.to_frame()
    rows = "".join(
        f"<tr><td>{escape(r.list)}</td><td>{r.low}</td><td>{r.high}</td>"
        f"<td>{danish.yes_no(bool(r.certain))}</td><td>{escape(r.witness_low)}</td>"
        f"<td>{escape(r.witness_high)}</td></tr>" for r in frame.itertuples(index=False))
    size = (str(ranges.size_low) if ranges.size_low == ranges.size_high
            else f"{ranges.size_low}-{ranges.size_high}")
    posts = danish.plural(len(ranges.open), "åben borgmesterpost", "åbne borgmesterposter")
    return (f"{STYLE}<div class='{LIVE}'><div class='kkr-ranges'><h4>Med {posts} "
            f"({escape(', '.join(sorted(ranges.open)))}): {size} medlemmer</h4>"
            + (f"<div class='kkr-scenario-mark' style='{CHANGED};padding:2px 6px'>"
               f"{escape(note[:1].upper() + note[1:])}</div>" if note else "")
            + f"<div style='font-size:12px;color:#555'>Hver åben post kan gå til enhver liste med "
            f"en plads i kommunalbestyrelsen; alle {danish.integer(ranges.assignments)} "
            f"fordelinger er regnet igennem (præcist, lodtrækning og loft medregnet). "
            f"«Eksempel» er en fordeling af de åbne poster, der giver yderpunktet.</div>"
            f"<div class='{SCROLL}'><table><tr><th>Liste</th><th>Færrest</th><th>Flest</th>"
            f"<th>Sikker</th><th>Eksempel: færrest</th><th>Eksempel: flest</th></tr>{rows}"
            f"</table></div></div></div>")


def spreadsheet_cell(value) -> str:
    """One value as a Danish spreadsheet reads it: "ja"/"nej", decimal comma, no thousands
    separator (Excel would read "211.026" as text or as 211,026), empty for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return danish.yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Fraction):
        return f"{float(value):.6f}".replace(".", ",")
    return str(value)


def write_csv(header: Sequence[str], rows: Sequence[Sequence]) -> str:
    """A table as CSV for a Danish spreadsheet (``;``, decimal comma, ja/nej, a BOM so Excel
    reads UTF-8): every cell of the app's CSV goes through here, made formula-safe
    (``safe_csv.safe_cell``: a text starting with = + - @ gets a leading ')."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(header))
    writer.writerows([[safe_cell(spreadsheet_cell(v)) for v in row] for row in rows])
    return buffer.getvalue()


def csv_text(r: ScenarioResult) -> str:
    """The result table as CSV for a Danish spreadsheet (Danish headers, see :func:`write_csv`)."""
    return write_csv(CSV_COLUMNS, [[row[c] for c in CSV_COLUMNS] for row in result_rows(r)])


def data_url(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def file_stem(r: ScenarioResult) -> str:
    s = r.scenario
    blocs = "_".join(a.label for a in s.alliances) or "ingen-valgforbund"
    return file_name(f"kkr_{s.election}_{s.kkr}_{blocs}".replace("+", "-").replace(" ", "-"))


def result_html(r: ScenarioResult, extra_notes: Sequence[str] = (), css_class: str = LIVE) -> str:
    """The whole answer as one HTML block (``data-scenario`` carries the scenario's query);
    ``css_class=FIRST`` for the copy the server writes into the page before the app is live."""
    s = r.scenario
    notes = "".join(f"<div class='note'>⚠ {escape(n)}</div>"
                    for n in [*extra_notes, *r.notes])
    notes += "".join(f"<div class='note kkr-open-question'>Åbent spørgsmål: {escape(n)}</div>"
                     for n in open_questions(r))
    what_if = ""
    if s.vote_changes or s.vote_additions:
        what_if = ("<div>Hvad nu hvis: " + ", ".join(
            [f"{escape(n)} {'+' if c > 0 else '−'}{danish.percent_value(abs(c) * 100)}"
             for n, c in s.vote_changes]
            + [f"{escape(n)} {'+' if v > 0 else '−'}{danish.integer(abs(v))} stemmer"
               for n, v in s.vote_additions]) + "</div>")
    settings = (f"KKR {escape(s.kkr)} ({escape(election_label(s.election))}) · spærregrænse "
                f"{danish.percent_value(s.threshold * 100)} · "
                f"{danish.method_name(s.method)}")
    csv_link = (f"<a class='kkr-download-csv' download='{escape(file_stem(r))}.csv' "
                f"href='{data_url(csv_text(r).encode('utf-8'), 'text/csv;charset=utf-8')}'>"
                f"Hent resultatet som CSV</a>")
    lots = _lots(r.chair) if r.chair is not None else ""
    mayors = s.mayor_note()  # "scenarie: borgmester i Kolding = C (data: V)"
    mark = (f"<div class='kkr-scenario-mark' style='{CHANGED};padding:2px 6px;margin:2px 0'>"
            f"<b>{escape(mayors[:1].upper() + mayors[1:])}</b> — ikke valgets data</div>"
            if mayors else "")
    return (f"{_style(css_class)}<div class='{css_class}' data-scenario='{escape(r.query)}'>"
            f"<div class='headline'><b>{escape(headline(r.chair))}</b></div>{mark}"
            f"<div style='color:#555'>{settings}</div>{what_if}{notes}{lots}"
            + chair_section(r) + composition_section(r)
            + f"<div style='margin-top:6px'>{csv_link}</div>"
            f"<div style='font-size:12px;color:#555'>Dækning: "
            f"{escape(r.composition.coverage.describe_da())}"
            f"{'; ' + escape(mayors) if mayors else ''}</div></div>")


def open_questions(r: ScenarioResult) -> list[str]:
    """The open questions that change the scenario's composition (the method, the § 6 register,
    list cooperations, the threshold's base), as every surface says them
    (:func:`kkr_analysis.rules.uncertainty.open_questions_da`)."""
    return open_questions_da(r.composition, r.scenario.data())


def result_png(r: ScenarioResult, dpi: int = 200) -> bytes:
    """The scenario's two charts (chair quotients, composition) as one PNG (matplotlib)."""
    from matplotlib.figure import Figure  # no pyplot: the notebook's backend stays as it is
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from ..presentation.plots import plot_chair_quotients, plot_composition

    fig = Figure(figsize=(8, 7.4))
    axes = fig.subplots(2, 1)
    if r.chair is not None:
        plot_chair_quotients(r.chair, axes[0])
        axes[0].yaxis.set_major_formatter(FuncFormatter(lambda v, _: danish.integer(v)))
    else:
        axes[0].set_axis_off()
    plot_composition(r.composition, axes[1])
    axes[1].yaxis.set_major_locator(MaxNLocator(integer=True))
    s = r.scenario
    fig.suptitle(f"{headline(r.chair)}\nKKR {s.kkr} ({election_label(s.election)}), spærregrænse "
                 f"{danish.percent_value(s.threshold * 100)}, {danish.method_name(s.method)}"
                 + ("; valgforbund " + ", ".join(a.spec() for a in s.alliances)
                    if s.alliances else "")
                 + (f"; {s.mayor_note()}" if s.mayors else "")
                 + ("; hvad nu hvis: " + ", ".join(
                     f"{n} {'+' if c > 0 else '−'}{danish.percent_value(abs(c) * 100)}"
                     for n, c in s.vote_changes) if s.vote_changes else ""), fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
