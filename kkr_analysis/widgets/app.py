"""The strategists' app: one :class:`~kkr_analysis.scenario.Scenario` drives every panel.

Election, KKR, threshold, method, valgforbund and what-if votes are the scenario's fields; every
control changes the scenario, and every panel is drawn from it (so a threshold that removes a
list removes it from the valgforbund choices *and* from the chair election, KL's love § 15,
stk. 2-3). Settings are kept when the KKR or election changes where they still apply; what no
longer applies is taken out with a visible note. The scenario lives in the page's URL.

Tests drive it without a browser: set a control's ``value`` and read ``text`` / ``result``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from urllib.parse import unquote

import ipywidgets as widgets
from IPython.display import display

from .. import danish
from ..apportion import METHODS
from ..errors import DataError
from ..rules.chair import Alliance
from ..safe_html import esc as escape
from ..scenario import Scenario, parse_percent
from . import browser
from .link import elections, read_link, shown
from .model import (
    ScenarioResult,
    apply_preset,
    evaluate,
    mayor_posts,
    parse_change,
    presets,
    region_lists,
)
from .render import (
    data_url,
    explain_section,
    file_stem,
    headline,
    ranges_html,
    result_html,
    result_png,
)

NONE = "— alene —"
NO_PRESET = "— vælg —"
BY_VOTES = "flest stemmer (d'Hondt)"  # no list named for the post: d'Hondt inside the forbund
GRID = "repeat(auto-fill, minmax(180px, 1fr))"  # as many 180 px columns as fit (a phone: 2)
# The app on a phone (390 px): nothing is wider than the screen; a wide table scrolls in its own
# box (render.SCROLL); the controls are big enough for a finger.
CSS = """<style>
.kkr-app {max-width:100%;box-sizing:border-box}
.kkr-app .widget-html-content {max-width:100%}
.kkr-app .widget-dropdown, .kkr-app .widget-text, .kkr-app img {max-width:calc(100vw - 56px)}
.kkr-app .widget-html-content > table {display:block;overflow-x:auto;width:0;min-width:100%}
.kkr-app .kkr-order {flex-wrap:wrap;align-items:center;gap:0 12px;margin:2px 0}
@media (max-width:600px) {
  .kkr-app {--jp-widgets-inline-height:40px}
  .kkr-app select, .kkr-app input, .kkr-app button {font-size:16px}
  .kkr-app .widget-inline-h {height:auto}
  .kkr-app .jupyter-widget-Collapse-contents {padding:8px 6px}
}
</style>"""
WIDE = {"description_width": "initial"}


def _percent_text(share) -> str:
    return danish.percent_value(share * 100, 4).removesuffix(" %")



def has_bodies(s: Scenario) -> bool:
    """Whether the data folder (or the bundled data) holds the bodies of the scenario's KKR for
    its period (:func:`kkr_analysis.data.kkr_tables.bodies_file`): never another KKR's."""
    from ..data.kkr_tables import bodies_file
    from ..rules.composition import period_of

    return bodies_file(s.kkr, period_of(s.election), s.data_dir) is not None

class ScenarioApp:
    """Pick election and KKR, threshold and method, put lists in valgforbund, change votes."""

    def __init__(self, election: str | None = None, kkr: str = "Hovedstaden", *,
                 scenario: Scenario | None = None, url_sync: bool = False,
                 notes: Iterable[str] = ()) -> None:
        self.url_sync = url_sync
        self.election = widgets.Dropdown(options=elections(), description="Valg", style=WIDE,
                                         layout=widgets.Layout(width="150px"))
        self.kkr = widgets.Dropdown(options=[], description="KKR", style=WIDE,
                                    layout=widgets.Layout(width="230px"))
        self.threshold = widgets.Text(description="Spærregrænse (%)", continuous_update=False,
                                      style=WIDE, layout=widgets.Layout(width="190px"))
        self.method = widgets.Dropdown(options=[(danish.method_name(m), m) for m in METHODS],
                                       description="Metode", style=WIDE,
                                       layout=widgets.Layout(width="250px"))
        self.preset = widgets.Dropdown(description="Forudindstilling", style=WIDE,
                                       layout=widgets.Layout(width="300px"))
        self.errors = widgets.HTML()
        self.dropdowns: dict[str, widgets.Dropdown] = {}
        self.alliance_grid = widgets.GridBox(
            layout=widgets.Layout(grid_template_columns=GRID))
        # Per valgforbund: the lists for the 1st and 2nd post it wins (FO § 4: its order).
        self.orders: list[tuple[widgets.HBox, widgets.HTML, widgets.Dropdown,
                                widgets.Dropdown]] = []
        self.order_box = widgets.VBox()
        self.order_note = widgets.HTML(
            "<span style='font-size:12px;color:#555'>Hvem tager de poster, valgforbundet "
            "vinder? Forbundet kan selv pege på sine lister i rækkefølge (forretningsorden "
            "§ 4); ellers går dets pladser efter d'Hondt til listen med flest stemmer.</span>")
        # "Borgmestre": mayor posts set by the user (a scenario, not the election's data).
        self.mayor_town = widgets.Dropdown(description="Kommune", style=WIDE,
                                           layout=widgets.Layout(width="260px"))
        self.mayor_list = widgets.Dropdown(description="Borgmester fra", style=WIDE,
                                           layout=widgets.Layout(width="200px"))
        self.mayor_add = widgets.Button(description="Sæt borgmester", icon="plus",
                                        layout=widgets.Layout(width="170px"))
        self.mayor_rows = widgets.VBox()
        # Posts left open: every list's fewest and most seats (Scenario.mayor_ranges), on demand
        self.mayor_open = widgets.SelectMultiple(description="Åbne poster", style=WIDE, rows=6,
                                                 layout=widgets.Layout(width="300px"))
        self.mayor_unconfirmed = widgets.Button(description="Vælg de ubekræftede",
                                                layout=widgets.Layout(width="190px"))
        self.mayor_range_button = widgets.Button(description="Beregn intervaller",
                                                 icon="calculator",
                                                 layout=widgets.Layout(width="190px"))
        self.mayor_ranges = widgets.HTML()
        self._ranges_for: Scenario | None = None
        self._mayor_posts: tuple[tuple, list] = ((), [])
        self._mayor_shown: tuple = ()
        self.mayor_box = widgets.Accordion(children=[widgets.VBox([
            widgets.HTML("<span style='font-size:12px'>Borgmestrene er fødte medlemmer af KKR og "
                         "afgør dens størrelse og listernes supplerende pladser. Vælg en kommune "
                         "og den liste, der får borgmesterposten (kun lister med en plads i "
                         "kommunalbestyrelsen): resultatet er et scenarie, ikke valgets data."
                         "</span>"),
            widgets.HBox([self.mayor_town, self.mayor_list, self.mayor_add],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.mayor_rows,
            widgets.HTML("<span style='font-size:12px'>Er borgmestrene ikke på plads? Vælg de "
                         "åbne poster: for hver liste det færreste og det højeste antal "
                         "pladser, den kan få, uanset hvem der får posterne.</span>"),
            widgets.HBox([self.mayor_open, widgets.VBox([self.mayor_unconfirmed,
                                                         self.mayor_range_button])],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.mayor_ranges])], selected_index=None)
        self.mayor_box.set_title(0, "Borgmestre (scenarie)")
        self.changes: dict[str, widgets.Text] = {}
        self.change_grid = widgets.GridBox(
            layout=widgets.Layout(grid_template_columns=GRID))
        self.output = widgets.HTML()
        self.share = widgets.HTML()
        self.png_button = widgets.Button(description="Hent PNG", icon="download",
                                         tooltip="Figurerne for dette scenarie som PNG")
        self.download = widgets.HTML()
        # "Sådan blev pladserne fordelt": filled while it is open (it costs a few tens of ms).
        self.explain = widgets.HTML()
        self.explain_box = widgets.Accordion(children=[self.explain], selected_index=None)
        self.explain_box.set_title(0, "Sådan blev pladserne fordelt")
        self.url = widgets.HTML(layout=widgets.Layout(display="none"))
        # The valggruppe planner for the constituent meeting, computed on demand (about 1-2 s).
        self.planner = widgets.VBox()
        self.planner_button = widgets.Button(description="Beregn valggrupper",
                                             icon="calculator",
                                             layout=widgets.Layout(width="220px"))
        self.planner_note = widgets.HTML()
        # The planner's inputs come before its button (and steer the panel once computed).
        self.planner_list = widgets.Dropdown(description="Liste", options=[])
        self.planner_bloc = widgets.Text(value="", placeholder="fx C+V+O",
                                         description="Eller blok", continuous_update=False)
        self.planner_panel = None
        self.notes: list[str] = list(notes)
        self.result: ScenarioResult | None = None
        self.last_update_ms = 0.0
        self._quiet = False
        self._observe()
        self.set_scenario(scenario or Scenario(election, kkr), self.notes)

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_query(cls, query: str | None, **kwargs) -> ScenarioApp:
        """The app showing the scenario of a shared link (``?valg=KV21&kkr=…&forbund=…``).

        Each field is checked as its control checks it; a bad one is dropped with a Danish
        note and the rest kept (:func:`~kkr_analysis.widgets.link.read_link`)."""
        scenario, notes = read_link(query)
        return cls(scenario=scenario, notes=notes, **kwargs)

    def load_query(self, query: str | None) -> None:
        """Show the scenario of a shared link in this (already built) app."""
        scenario, notes = read_link(query)
        self.set_scenario(scenario, notes)

    def _observe(self) -> None:
        def on(widget: widgets.Widget, handler) -> None:
            widget.observe(lambda change: None if self._quiet else handler(change["new"]),
                           names="value")

        on(self.election, self._on_election)
        on(self.kkr, lambda kkr: self.set_scenario(self.scenario.replace(kkr=kkr)))
        on(self.threshold, self._on_threshold)
        on(self.method, lambda m: self.set_scenario(self.scenario.replace(method=m)))
        on(self.preset, self._on_preset)
        self.png_button.on_click(lambda _b: self.download_png())
        self.mayor_town.observe(lambda c: self._mayor_town_chosen(c["new"]), names="value")
        self.mayor_add.on_click(lambda _b: self.set_mayor(self.mayor_town.value,
                                                          self.mayor_list.value))
        self.mayor_unconfirmed.on_click(lambda _b: self._choose_unconfirmed())
        self.mayor_range_button.on_click(lambda _b: self.show_mayor_ranges())
        self.planner_button.on_click(lambda _b: self.show_planner())
        self.planner_list.observe(lambda c: self._steer_planner("list_choice", c["new"]),
                                  names="value")
        self.planner_bloc.observe(lambda c: self._steer_planner("bloc", c["new"]),
                                  names="value")
        self.explain_box.observe(lambda _c: self._fill_explain(), names="selected_index")

    # -- events --------------------------------------------------------------------------------
    def _on_election(self, election: str) -> None:
        from ..scenario import cached_election

        regions = cached_election(election, self.scenario.data_dir, self.scenario.regions).regions
        kkr = self.scenario.kkr if self.scenario.kkr in regions else regions[0]
        self.set_scenario(self.scenario.replace(election=election, kkr=kkr))

    def _on_threshold(self, text: str) -> None:
        try:
            value = parse_percent(text) / 100
        except DataError:
            self.errors.value = (f"<span style='color:#b00'>Spærregrænsen "
                                 f"«{escape(shown(text))}» er ikke en procentsats mellem 0 "
                                 f"og 100 (fx 2 eller 2,5); resultatet nedenfor gælder stadig "
                                 f"{danish.percent_value(self.scenario.threshold * 100)}."
                                 f"</span>")
            return
        self.errors.value = ""
        self.set_scenario(self.scenario.replace(threshold=value))

    def _on_preset(self, name: str) -> None:
        if name == NO_PRESET:
            return
        table = presets(self.scenario.election, self.scenario.data_dir)
        scenario, notes = apply_preset(self.scenario, name, table.get(name, []))
        self.set_scenario(scenario, notes, preset=name)

    def _on_alliance(self) -> None:
        groups: dict[str, list[str]] = {}
        for name, dropdown in self.dropdowns.items():
            if name in self.result.votes and dropdown.value != NONE:
                groups.setdefault(dropdown.value, []).append(name)
        alliances = []
        # In the order of their numbers (renumbered 1, 2, … without gaps when shown again).
        for _, members in sorted(groups.items(), key=lambda g: int(g[0].split()[-1])):
            alliances.append(Alliance(tuple(members), self._kept_order(members)))
        self.set_scenario(self.scenario.replace(alliances=tuple(alliances)))

    def _kept_order(self, members: list[str]) -> tuple[str, ...]:
        """A regrouped valgforbund keeps the post order of the one it shares most lists with,
        as far as the named lists are still in it (the order is read from its start)."""
        before = max(self.scenario.alliances, default=None,
                     key=lambda a: len(set(a.members) & set(members)))
        if before is None or not set(before.members) & set(members):
            return ()
        kept: list[str] = []
        for name in before.order:
            if name not in members:
                break
            kept.append(name)
        return tuple(kept)

    def _on_order(self) -> None:
        alliances = []
        for a, (_row, _label, first, second) in zip(self.scenario.alliances, self.orders):
            order = ()
            if len(a.members) > 1 and first.value:
                order = (first.value,) + ((second.value,) if second.value else ())
            alliances.append(Alliance(a.members, order))
        self.set_scenario(self.scenario.replace(alliances=tuple(alliances)))

    def set_mayor(self, municipality: str | None, letter: str | None) -> None:
        """The mayor of ``municipality`` from list ``letter`` (``None``: the data's mayor)."""
        if not municipality:
            return
        was = {m: mayor for m, mayor, _ in self._mayor_posts[1]}.get(municipality)
        mayors = {m: spec for m, spec in self.scenario.mayors if m != municipality}
        if letter and letter != was:
            mayors[municipality] = letter
        self.set_scenario(self.scenario.replace(mayors=tuple(mayors.items())))

    def _choose_unconfirmed(self) -> None:
        from ..rules.lists import mayor_unconfirmed

        s = self.scenario
        self.mayor_open.value = tuple(m for m in mayor_unconfirmed(s.data(), s.kkr)
                                      if m in self.mayor_open.options)

    def show_mayor_ranges(self) -> None:
        """The KKR's ranges with the chosen posts open (rule ``kkr.mayors``): every assignment
        of them, exact (:meth:`~kkr_analysis.scenario.Scenario.mayor_ranges`)."""
        s = self.scenario
        chosen = set(self.mayor_open.value)
        self._ranges_for = s
        if not chosen:
            self.mayor_ranges.value = ("<span style='color:#8a4b00'>Vælg mindst én kommune, "
                                       "hvis borgmesterpost er åben.</span>")
            return
        mayors = [(m, spec) for m, spec in s.mayors if m not in chosen]
        try:
            ranges = s.replace(mayors=(*mayors, *((m, "?") for m in sorted(chosen)))
                               ).mayor_ranges()
        except DataError as exc:
            self.mayor_ranges.value = (f"<span style='color:#b00'>{escape(exc.reason)} — her: "
                                       f"vælg færre åbne poster.</span>")
            return
        fixed = s.replace(mayors=tuple(mayors))
        self.mayor_ranges.value = ranges_html(ranges, fixed.mayor_note() if mayors else "")

    def _mayor_town_chosen(self, municipality: str | None) -> None:
        posts = {m: (mayor, lists) for m, mayor, lists in self._mayor_posts[1]}
        mayor, lists = posts.get(municipality or "", ("", ()))
        current = dict(self.scenario.mayors).get(municipality or "", mayor)
        self.mayor_list.options = [(f"{x} (data)" if x == mayor else x, x) for x in lists]
        self.mayor_list.value = current if current in lists else None
        self.mayor_add.disabled = not lists

    def _on_change(self) -> None:
        changes, errors = [], []
        for name, field in self.changes.items():
            try:
                value = parse_change(field.value)
            except DataError as exc:
                errors.append(f"{name}: {exc}.")
                continue
            if value:
                changes.append((name, value))
        self.errors.value = "".join(f"<div style='color:#b00'>{escape(e)}</div>" for e in errors)
        self.set_scenario(self.scenario.replace(vote_changes=tuple(changes)))

    # -- the one update ------------------------------------------------------------------------
    def set_scenario(self, scenario: Scenario, notes: Iterable[str] = (),
                     preset: str | None = None) -> None:
        """Show ``scenario``: fit it to its KKR, compute once, then update every panel."""
        start = time.perf_counter()
        result = evaluate(scenario)
        self.scenario, self.result = result.scenario, result
        self._sync_controls(result, preset)
        extra = list(notes)
        self.output.value = result_html(result, extra)
        query = result.query
        self.share.value = (f"<span style='font-size:12px'>Link til scenariet: "
                            f"<code style='overflow-wrap:anywhere'>?"
                            f"{escape(unquote(query))}</code></span>")
        if self.url_sync:
            self.url.value = browser.replace_url_query(query)
        self.download.value = ""
        self._fill_explain()
        self._planner_state()
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def _fill_explain(self) -> None:
        self.explain.value = ("" if self.explain_box.selected_index is None
                              else explain_section(self.result.composition))

    # -- the constituent meeting's valggrupper (kommunestyrelsesloven § 24) --------------------
    def _planner_state(self) -> None:
        """Say for which scenario the planner shown was computed, or why there is none."""
        s = self.scenario
        if not has_bodies(s):
            from ..data.kkr_tables import table_file_name
            from ..rules.composition import period_of

            period = period_of(s.election)
            self.planner_button.disabled = True
            self.planner_note.value = (
                f"<span style='color:#555'>Valggruppe-planlæggeren bruger de organer, KKR'en "
                f"skal besætte; projektet har ingen for KKR {escape(s.kkr)} i perioden "
                f"{escape(period)} (kun KKR Hovedstaden 2022-2026 følger med). Læg dem i "
                f"datamappen som {escape(table_file_name('bodies', s.kkr, period))} "
                f"(kkr app --data-dir MAPPE).</span>")
            self.planner.children = ()
            return
        self.planner_button.disabled = False
        from ..rules.appointments import groups_from_composition

        names = list(groups_from_composition(self.result.composition))
        if tuple(self.planner_list.options) != tuple(names):
            keep = self.planner_list.value
            self.planner_list.options = names
            self.planner_list.value = keep if keep in names else (
                "C" if "C" in names else names[0] if names else None)
        shown = self.planner_panel is not None and self.planner_panel.scenario == s
        self.planner_note.value = "" if shown or self.planner_panel is None else (
            "<span style='color:#8a4b00'>Valggrupperne nedenfor hører til et tidligere "
            "scenarie: tryk «Beregn valggrupper» igen.</span>")

    def show_planner(self) -> None:
        """Compute the valggruppe planner for the current scenario's composition."""
        from ..presentation.planner_widget import PlannerPanel

        self.planner_panel = PlannerPanel(self.scenario, chart=False,
                                          choice=self.planner_list.value,
                                          bloc=self.planner_bloc.value)
        self.planner.children = (self.planner_panel.results,)
        self._planner_state()

    def _steer_planner(self, control: str, value) -> None:
        panel = self.planner_panel
        if panel is not None and panel.scenario == self.scenario and value is not None:
            getattr(panel, control).value = value

    def _sync_controls(self, r: ScenarioResult, preset: str | None) -> None:
        s = r.scenario
        self._quiet = True
        try:
            self.election.value = s.election
            regions = s.data().regions
            if tuple(self.kkr.options) != tuple(regions):
                self.kkr.options = regions
            self.kkr.value = s.kkr
            if self._threshold_differs(s):
                self.threshold.value = _percent_text(s.threshold)
            self.method.value = s.method
            try:
                names = [NO_PRESET, *presets(s.election, s.data_dir)]
            except DataError as exc:  # the app still starts; the file and row are named
                names = [NO_PRESET]
                self.errors.value = (f"<div style='color:#b00'>Forudindstillingerne kunne ikke "
                                     f"læses: {escape(exc)}</div>")
            if tuple(self.preset.options) != tuple(names):
                self.preset.options = names
            self.preset.value = preset if preset in names else NO_PRESET
            self._sync_alliances(r)
            self._sync_orders(r)
            self._sync_mayors(r)
            self._sync_changes(r)
        finally:
            self._quiet = False

    def _threshold_differs(self, s: Scenario) -> bool:
        try:
            return parse_percent(self.threshold.value) / 100 != s.threshold
        except DataError:
            return True

    def _sync_alliances(self, r: ScenarioResult) -> None:
        # One dropdown per list of the region, shown only while the list is represented: a
        # threshold change toggles visibility instead of rebuilding the grid (fewer redraws).
        names = list(r.votes)
        every = region_lists(r.scenario)
        groups = [NONE] + [f"Valgforbund {i}" for i in range(1, len(every) + 1)]
        group_of = {m: f"Valgforbund {i}" for i, a in enumerate(r.scenario.alliances, start=1)
                    for m in a.members}
        # Keep the user's own numbers while the dropdowns already show the scenario's valgforbund.
        shown: dict[str, set[str]] = {}
        for name in names:
            dropdown = self.dropdowns.get(name)
            if dropdown is not None and dropdown.value not in (None, NONE):
                shown.setdefault(dropdown.value, set()).add(name)
        wanted = {frozenset(a.members) for a in r.scenario.alliances}
        if {frozenset(g) for g in shown.values()} == wanted and all(g in groups for g in shown):
            group_of = {m: label for label, members in shown.items() for m in members}
        for name in every:
            dropdown = self.dropdowns.get(name)
            if dropdown is None:
                dropdown = widgets.Dropdown(description=name,
                                            layout=widgets.Layout(width="175px"),
                                            style={"description_width": "36px"})
                dropdown.observe(lambda _c: None if self._quiet else self._on_alliance(),
                                 names="value")
                self.dropdowns[name] = dropdown
            if tuple(dropdown.options) != tuple(groups):
                dropdown.options = groups
            dropdown.value = group_of.get(name, NONE)
            display = None if name in r.votes else "none"
            if dropdown.layout.display != display:
                dropdown.layout.display = display
        children = tuple(self.dropdowns[n] for n in every)
        if self.alliance_grid.children != children:
            self.alliance_grid.children = children

    def _sync_orders(self, r: ScenarioResult) -> None:
        """One row per valgforbund: which list takes the 1st and the 2nd post it wins."""
        alliances = r.scenario.alliances
        while len(self.orders) < len(alliances):
            def choice(title: str) -> widgets.Dropdown:
                d = widgets.Dropdown(description=title, style={"description_width": "52px"},
                                     layout=widgets.Layout(width="280px"))
                d.observe(lambda _c: None if self._quiet else self._on_order(), names="value")
                return d
            parts = (widgets.HTML(), choice("1. post"), choice("2. post"))
            row = widgets.HBox(parts, layout=widgets.Layout(flex_flow="row wrap"))
            self.orders.append((row.add_class("kkr-order"), *parts))
        rows = []
        for a, (row, label, first, second) in zip(alliances, self.orders):
            if len(a.members) < 2:
                continue
            label.value = (f"<span style='display:inline-block;min-width:150px'>"
                           f"<b>{escape(a.label)}</b></span>")
            options = [(BY_VOTES, ""), *((m, m) for m in a.members)]
            for dropdown, value in ((first, a.order[0] if a.order else ""),
                                    (second, a.order[1] if len(a.order) > 1 else "")):
                if list(dropdown.options) != options:
                    dropdown.options = options
                dropdown.value = value
            second.disabled = not first.value
            rows.append(row)
        children = (self.order_note, *rows) if rows else ()
        if self.order_box.children != children:
            self.order_box.children = children

    def _sync_mayors(self, r: ScenarioResult) -> None:
        """The "Borgmestre" panel: the KKR's municipalities to choose from, and one row with a
        remove button per mayor post the scenario sets."""
        s = r.scenario
        key = (s.election, s.kkr, s.data_dir, s.regions, id(s.data()))
        if self._mayor_posts[0] != key:
            self._mayor_posts = (key, mayor_posts(s))
            self.mayor_town.options = [("— vælg kommune —", "")] + [
                (f"{m} (borgmester: {mayor or '?'})", m) for m, mayor, _ in self._mayor_posts[1]]
            self.mayor_town.value = ""
            self._mayor_town_chosen("")
            self.mayor_open.options = [m for m, _, _ in self._mayor_posts[1]]
        if self._ranges_for is not None and self._ranges_for != s:
            self._ranges_for = None
            self.mayor_ranges.value = ""  # computed for another scenario
        if self._mayor_shown != (key, s.mayors):
            self._mayor_shown = (key, s.mayors)
            was = {m: mayor for m, mayor, _ in self._mayor_posts[1]}
            rows = []
            for municipality, letter in s.mayors:
                remove = widgets.Button(description="Fjern", icon="times",
                                        tooltip=f"Borgmesteren i {municipality} som i data",
                                        layout=widgets.Layout(width="100px"))
                remove.on_click(lambda _b, m=municipality: self.set_mayor(m, None))
                rows.append(widgets.HBox([widgets.HTML(
                    f"<span style='display:inline-block;min-width:200px'><b>"
                    f"{escape(municipality)}</b>: {escape(letter)} (data: "
                    f"{escape(was.get(municipality) or 'ingen')})</span>"), remove],
                    layout=widgets.Layout(align_items="center", flex_flow="row wrap")))
            self.mayor_rows.children = rows
            if s.mayors:
                self.mayor_box.selected_index = 0

    def _sync_changes(self, r: ScenarioResult) -> None:
        names = region_lists(r.scenario)
        current = dict(r.scenario.vote_changes)
        for name in names:
            field = self.changes.get(name)
            if field is None:
                field = widgets.Text(description=name, placeholder="± %",
                                     continuous_update=False,
                                     layout=widgets.Layout(width="175px"),
                                     style={"description_width": "36px"})
                field.observe(lambda _c: None if self._quiet else self._on_change(),
                              names="value")
                self.changes[name] = field
            change = current.get(name)
            wanted = "" if not change else (
                ("+" if change > 0 else "-") + _percent_text(abs(change)))
            try:
                same = parse_change(field.value) == (change or 0)
            except DataError:
                continue  # left as typed beside its message, not silently cleared
            if not same:
                field.value = wanted
        children = tuple(self.changes[n] for n in names)
        if self.change_grid.children != children:
            self.change_grid.children = children

    # -- downloads -----------------------------------------------------------------------------
    def download_png(self) -> bytes:
        """Render the scenario's charts as PNG and hand them to the browser as a download."""
        png = result_png(self.result)
        name = file_stem(self.result) + ".png"
        self.download.value = browser.download(name, data_url(png, "image/png"),
                                               f"Hent {name} igen")
        return png

    # -- reading -------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The answer in one line, as shown: "Formand: … / Næstformand: …"."""
        return headline(self.result.chair if self.result else None)

    @property
    def alliance_choices(self) -> list[str]:
        """The lists offered for valgforbund (those represented in the KKR)."""
        return [d.description for d in self.alliance_grid.children
                if d.layout.display != "none"]

    @property
    def widget(self) -> widgets.Widget:
        heading = widgets.HTML
        settings = widgets.HBox([self.election, self.kkr, self.threshold, self.method],
                                layout=widgets.Layout(flex_flow="row wrap"))
        what_if = widgets.Accordion(children=[widgets.VBox([
            widgets.HTML("<span style='font-size:12px'>Ændr en listes stemmetal i regionen "
                         "(fx -5 eller 2,5) og tryk Enter: sammensætning og poster følger "
                         "med.</span>"), self.change_grid])])
        what_if.set_title(0, "Hvad nu hvis: stemmer ± %")
        planner = widgets.Accordion(children=[widgets.VBox([
            widgets.HTML("<span style='font-size:12px'>Hvilke valggrupper sikrer en liste "
                         "pladser i de politiske organer, uanset hvordan de øvrige lister "
                         "grupperer sig (kommunestyrelsesloven § 24)?</span>"),
            widgets.HBox([self.planner_list, self.planner_bloc],
                         layout=widgets.Layout(flex_flow="row wrap")), self.planner_button,
            self.planner_note, self.planner])])
        planner.set_title(0, "Det konstituerende møde: valggrupper")
        return widgets.VBox([
            settings, self.errors, widgets.HTML(CSS),
            heading("<h3 style='margin:8px 0 2px 0'>Valgforbund</h3>"),
            self.preset, self.alliance_grid, self.order_box, self.mayor_box, what_if,
            widgets.HBox([self.png_button, self.download, self.share],
                         layout=widgets.Layout(align_items="center", flex_flow="row wrap")),
            self.output, self.explain_box, planner, self.url,
        ]).add_class("kkr-app")

    def show(self) -> None:
        display(self.widget)
