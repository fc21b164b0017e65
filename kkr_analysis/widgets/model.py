"""What the app shows for one :class:`~kkr_analysis.scenario.Scenario`, computed once and cached.

Presentation layer: every number comes from the scenario (composition, chair election) and the
scenario layer's margins; nothing here applies a rule itself. :func:`fit` makes a scenario fit
its KKR — a valgforbund member or a what-if change naming a list that is not represented (or
not in the region) is taken out *with a note*, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from .. import danish
from ..data.loaders import load_presets
from ..errors import DataError
from ..rules.chair import POST_NAMES, Alliance, ChairElection, chair_votes, elect_chair
from ..rules.composition import KKR_METHOD, THRESHOLD, UNDECIDED_METHODS, Composition, compose
from ..rules.lists import RegionTally, council_lists, mayor_choices
from ..rules.specs import split_alliance
from ..rules.uncertainty import method_uncertainty
from ..scenario import Scenario
from ..scenarios.alliance_margins import AllianceStanding, alliance_standings

NO_ORDER = "ingen (d'Hondt inden for forbundet)"
# KL's rule on the data as it is: 2 %, Sainte-Laguë, the votes as cast, the data's mayors
KL_RULE = {"threshold": THRESHOLD, "method": KKR_METHOD, "vote_changes": (), "mayors": ()}


@dataclass(frozen=True)
class ScenarioResult:
    """Everything one scenario shows: its composition and chair, the baselines, the margins."""

    scenario: Scenario  # as fitted to the KKR (see ``fit``)
    notes: tuple[str, ...]
    composition: Composition
    baseline: Composition  # the default rule: 2 %, KKR_METHOD (Sainte-Laguë), the votes as
    # cast and the data's mayors
    votes: dict[str, int]  # the lists that elect the chair, with their votes
    chair: ChairElection | None  # None: no list takes part
    baseline_chair: ChairElection | None  # the same votes, no valgforbund
    standings: tuple[AllianceStanding, ...]

    @property
    def query(self) -> str:
        return self.scenario.to_query()


@lru_cache(maxsize=256)
def _tally(data_id: int, s: Scenario) -> tuple[RegionTally, object]:
    # The data object is re-read when a file of the data folder changes (cached_election), so
    # its identity keys the cache; the cached value keeps it alive, so an id is never reused.
    return s.tally(), s.data()


@lru_cache(maxsize=512)
def _composition(tally: RegionTally, method: str, threshold: Fraction) -> Composition:
    return compose(tally, method, threshold=threshold)  # = Scenario.composition (tested)


def composition(s: Scenario) -> Composition:
    """``s.composition()``, cached per election, KKR, what-if votes, method and threshold."""
    key = s.replace(alliances=(), method=KKR_METHOD, threshold=THRESHOLD)
    tally = _tally(id(s.data()), key)[0]
    return _composition(tally, s.method, s.threshold)


@lru_cache(maxsize=1024)
def _election(votes: tuple[tuple[str, int], ...], alliances: tuple[Alliance, ...]
              ) -> ChairElection:
    return elect_chair(dict(votes), alliances)


@lru_cache(maxsize=1024)
def _standings(votes: tuple[tuple[str, int], ...], alliances: tuple[Alliance, ...]
               ) -> tuple[AllianceStanding, ...]:
    return tuple(alliance_standings(dict(votes), alliances, _election(votes, alliances)))


def region_lists(s: Scenario) -> list[str]:
    """The lists of the KKR's region that can take part at some threshold (parties and list
    cooperations; local lists outside a cooperation never can)."""
    base = composition(s.replace(vote_changes=(), threshold=THRESHOLD, method=KKR_METHOD))
    return [r.list for r in base.rows if r.kind != "local"]


def fit_mayors(s: Scenario, notes: list[str]) -> Scenario:
    """The scenario's mayor posts that apply in its KKR, spelled as in the data (rule
    ``kkr.mayors``, :func:`~kkr_analysis.rules.lists.mayor_choices`); an unknown municipality,
    one outside the KKR, a list without a council seat there or a post left open is taken out
    with a Danish note (the app shows one composition; an open post has a range)."""
    if not s.mayors:
        return s
    data = s.data()
    kept: dict[str, str] = {}
    for municipality, spec in s.mayors:
        try:
            ((name, options),) = mayor_choices(data, s.kkr, {municipality: spec}).items()
        except DataError as exc:
            notes.append(f"Borgmester: {exc.reason}; sprunget over.")
            continue
        if len(options) != 1:
            notes.append(f"Borgmesteren i {name} er åben ({spec}): appen viser én "
                         f"sammensætning og har brug for én liste; sprunget over.")
        elif name in kept:
            notes.append(f"Borgmesteren i {name} er angivet to gange; kun den første bruges.")
        else:
            kept[name] = options[0]
    return s.replace(mayors=tuple(kept.items()))


def mayor_posts(s: Scenario) -> list[tuple[str, str, tuple[str, ...]]]:
    """The KKR's municipalities for the "Borgmestre" panel: (municipality, the data's mayor
    list, the lists with a seat in its council that may hold the post)."""
    data = s.data()
    councils = data.councils[data.councils["region"] == s.kkr]
    return [(str(m), str(mayor) if isinstance(mayor, str) else "",
             council_lists(data, str(m)))
            for m, mayor in zip(councils["municipality"], councils["mayor_list"])]


def fit(s: Scenario) -> tuple[Scenario, list[str]]:
    """The scenario with what cannot apply in its KKR taken out, and a Danish note for each."""
    notes: list[str] = []
    s = fit_mayors(s, notes)
    known = set(region_lists(s))
    changes = tuple((name, c) for name, c in s.vote_changes if name in known and c != 0)
    for name, _ in s.vote_changes:
        if name not in known:
            notes.append(f"Stemmeændringen for {name} er sprunget over: {name} stiller ikke op "
                         f"i KKR {s.kkr} ({s.election}).")
    s = s.replace(vote_changes=changes)
    votes = chair_votes(composition(s))
    alliances = []
    at = danish.percent_value(s.threshold * 100)
    for a in s.alliances:
        members = tuple(m for m in a.members if m in votes)
        alone = len(members) == 1 < len(a.members)  # its partners are gone: no valgforbund
        for m in a.members:
            if m not in votes:
                notes.append(f"{m} er ikke repræsenteret i KKR {s.kkr} ({s.election}) ved en "
                             f"spærregrænse på {at} og er taget ud af valgforbund {a.label}"
                             + (f"; {members[0]} står nu alene." if alone else "."))
        if alone:
            continue
        if members:  # a one-list valgforbund stands alone (the UI builds forbund list by list)
            order = tuple(m for m in a.order if m in members)
            if order != a.order:
                notes.append(f"Valgforbund {a.label}: rækkefølgen til posterne er nu "
                             f"{', '.join(order) or NO_ORDER}, "
                             f"ikke {', '.join(a.order)}.")
            alliances.append(Alliance(members, order))
    return s.replace(alliances=tuple(alliances)), notes


def evaluate(s: Scenario) -> ScenarioResult:
    """Fit the scenario to its KKR and compute everything the app shows."""
    s, notes = fit(s)
    comp = composition(s)
    baseline = composition(s.replace(**KL_RULE))
    votes = chair_votes(comp)
    if not votes:
        notes.append(f"Ingen liste er repræsenteret i KKR {s.kkr} ved denne spærregrænse: "
                     f"der er intet formandsvalg.")
        return ScenarioResult(s, tuple(notes), comp, baseline, votes, None, None, ())
    key = tuple(votes.items())
    chair, standings = _election(key, s.alliances), _standings(key, s.alliances)
    baseline_chair = _election(key, ())
    return ScenarioResult(s, tuple(notes), comp, baseline, votes, chair, baseline_chair,
                          standings)


# -- presets ----------------------------------------------------------------------------------

def presets(election: str, data_dir: str | None = None) -> dict[str, list[Alliance]]:
    """The valgforbund presets for ``election`` (``presets.csv``; a convention, not KL data)."""
    frame = load_presets(data_dir, with_lines=True)
    result: dict[str, list[Alliance]] = {}
    for _, row in frame[frame["election"] == election.upper()].iterrows():
        alliances = result.setdefault(str(row["preset"]), [])
        spec = str(row["alliance"] or "").strip()
        if spec:
            try:  # a typo in the file is an error
                members, order = split_alliance(spec, minimum=1)
                outside = [m for m in order if m not in members]
                if outside:
                    raise DataError(f"{spec}: {', '.join(outside)} er ikke med i valgforbundet "
                                    "og kan ikke tage dets poster")
                alliances.append(Alliance(members, order))
            except DataError as exc:
                from ..data import bundled_data_dir

                path = Path(data_dir or bundled_data_dir()) / "presets.csv"
                raise DataError(exc.reason, path=path, row=int(row["_line"]),
                                column="alliance") from None
    return result


def apply_preset(s: Scenario, name: str, preset: list[Alliance]) -> tuple[Scenario, list[str]]:
    """The scenario with the preset's valgforbund; a named list that is not represented is
    skipped with a note (KL's love § 15, stk. 3: only represented lists may ally)."""
    votes = chair_votes(composition(s))
    notes = []
    alliances = []
    for a in preset:
        members = tuple(m for m in a.members if m in votes)
        missing = [m for m in a.members if m not in votes]
        if missing:
            notes.append(f"Forudindstillingen «{name}» nævner {', '.join(missing)}, som ikke er "
                         f"repræsenteret i KKR {s.kkr} ({s.election}); sprunget over.")
        if len(members) >= 2:
            order = tuple(m for m in a.order if m in members)
            if order != a.order:
                notes.append(f"Forudindstillingen «{name}»: rækkefølgen til posterne er "
                             f"{', '.join(order) or NO_ORDER}, "
                             f"ikke {', '.join(a.order)}.")
            alliances.append(Alliance(members, order))
    return s.replace(alliances=tuple(alliances)), notes


# -- parsing and tables -----------------------------------------------------------------------

def parse_change(text: str) -> Fraction:
    """A what-if change typed as "-5", "+2,5", "−5 %" → a share (Fraction(-5, 100)); ±100 % max
    (the scenario layer's one reading, :func:`kkr_analysis.scenario.parse_change`)."""
    from ..scenario import parse_change as read_change

    return read_change(text)


CSV_COLUMNS = ("Scenarie", "Valg", "KKR", "Liste", "Navn", "Stemmer",
               "Andel af afgivne stemmer (%)", "Andel af gyldige stemmer (%)", "Repræsenteret",
               "Borgmestre", "Supplerende", "I alt", "I alt efter standardreglen",
               "Valgforbund", "Valgforbundets stemmer", "Næste post",
               "Stemmer der mangler til næste post",
               "Kan miste og beholde formand uden lodtrækning",
               "Kan miste og beholde næstformand uden lodtrækning", "Post", "Anden metode",
               "I alt med anden metode")


def shown_rows(comp: Composition) -> list:
    """The lists the page's composition table shows — and so the CSV download: every party and
    list cooperation, and a local list when it has a member (a mayor of a local list outside
    every list cooperation is a member of the KKR and counts in its size)."""
    return [row for row in comp.rows if not (row.kind == "local" and not row.total)]


def result_rows(r: ScenarioResult) -> list[dict]:
    """The scenario's result as rows (the CSV download), one per list the page's table shows
    (:func:`shown_rows`), keyed by :data:`CSV_COLUMNS`; the valgforbund margins are the app's
    (``standings``)."""
    base = r.baseline.seats()
    bloc_of = {m: s for s in r.standings for m in s.alliance.members}
    post_of: dict[str, list[str]] = {}
    for post in ("chair", "vice_chair"):
        p = getattr(r.chair, post) if r.chair is not None else None
        if p is not None:
            post_of.setdefault(p.list, []).append(POST_NAMES[post])
    other_method, other_seats = other_method_seats(r.composition)
    rows = []
    for row in shown_rows(r.composition):
        bloc = bloc_of.get(row.list)
        nxt = bloc.next_post if bloc else None
        keep = dict(bloc.keep) if bloc else {}
        rows.append(dict(zip(CSV_COLUMNS, (
            unquote(r.query), r.scenario.election, r.scenario.kkr, row.list, row.name, row.votes,
            None if row.share_of_cast is None else float(row.share_of_cast) * 100,
            float(row.share_of_valid) * 100, row.eligible, row.mayors, row.supplementary, row.total,
            base.get(row.list, 0), bloc.label if bloc else None, bloc.votes if bloc else None,
            POST_NAMES[nxt[0]] if nxt else None, nxt[1] if nxt else None,
            keep.get("chair"), keep.get("vice_chair"),
            " og ".join(post_of.get(row.list, [])) or None,
            other_method, None if other_seats is None else other_seats.get(row.list, 0)))))
    return rows


def other_method_seats(comp: Composition) -> tuple[str | None, dict[str, int] | None]:
    """The other method KL has not decided between (rule ``kkr.proportional``, in Danish) and
    the seats per list under it — the same as ``comp``'s where it changes nothing; ``(None,
    None)`` for d'Hondt (decided out: the user's explicit choice)."""
    if comp.method not in UNDECIDED_METHODS:
        return None, None
    uncertain = method_uncertainty(comp)
    other = next(m for m in UNDECIDED_METHODS if m != comp.method)
    return danish.method_name(other), (comp.seats() if uncertain is None
                                       else uncertain.other.seats())
