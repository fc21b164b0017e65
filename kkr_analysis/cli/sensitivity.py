"""kkr sweep / margins / simulate: how fragile is each seat?"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction

import pandas as pd

from .. import danish
from ..apportion import METHODS
from ..rules.composition import KKR_METHOD, compose, election_label
from .common import (
    METHOD_HELP,
    Subparsers,
    add_common,
    add_mayor_options,
    add_region_votes_option,
    add_scenario_options,
    alliances_of,
    emit,
    load_tally,
    print_frame,
    require_lists,
    scenario_of,
)
from .validate import MAX_DRAWS, alliance_spec, finite_float, int_range

MARGINS_NOTE = (
    "Stemmer til +1 plads: færrest ekstra stemmer, hvorefter listen har en "
    "plads mere, uanset hvad en lodtrækning afgør (med én stemme færre ikke sikkert).\n"
    "Stemmer til −1 plads: færrest tabte stemmer, hvorefter listen har en "
    "plads færre, uanset hvad en lodtrækning afgør (med én stemme færre tabt kan listen stadig "
    "beholde pladsen, evt. ved lodtrækning).\n"
    "—: intet antal stemmer gør det (−1: listen har kun borgmestrenes pladser; +1: en "
    "lokalliste eller en liste uden plads i en kommunalbestyrelse).")
POSTS_NOTE = (
    "Poster (Har posten = ja: Stemmer er færrest tabte stemmer, hvorefter listen mister "
    "posten, uanset hvad en lodtrækning afgør — med én færre kan en lodtrækning stadig give den "
    "posten; Har posten = nej: færrest ekstra stemmer, hvorefter listen får posten uden "
    "lodtrækning; Kan miste og beholde: flest stemmer, listen kan miste og beholde samme post "
    "uden lodtrækning; et valgforbund (C+V) med sine stemmer lagt sammen):")


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for readers: ja/nej, numbers as "211.026", "—" for no number."""
    out = frame.astype(object)
    for column in out.columns:
        out[column] = [danish.yes_no(v) if isinstance(v, bool)
                       else "—" if v is None or v is pd.NA
                       else danish.integer(v) if isinstance(v, int) else v
                       for v in frame[column].astype(object)]
    return out


def _method_note(tally, args: argparse.Namespace) -> None:
    """The undecided method's other outcome where it changes the KKR (rule
    ``kkr.proportional``; :func:`~kkr_analysis.rules.uncertainty.method_uncertainty`), so a
    table of one method's seats is never read as KL's decided figure."""
    from ..rules.composition import KKR_METHOD, compose
    from ..rules.uncertainty import method_uncertainty

    method = getattr(args, "method", None) or KKR_METHOD
    uncertain = method_uncertainty(compose(tally, method, threshold=scenario_of(args).threshold))
    if uncertain is not None:
        print(uncertain.describe_da())


def cmd_sweep(args: argparse.Namespace) -> int:
    """Composition as the threshold, the cap or the method varies."""
    from ..scenarios.sensitivity import (
        cap_sweep,
        critical_thresholds,
        holding_percent,
        method_sweep,
        threshold_sweep,
    )

    tally = load_tally(args)
    where = (f"KKR {tally.region} ({election_label(args.election)}, "
             f"{danish.method_name(args.method)})")
    if args.what == "threshold":
        frame = threshold_sweep(tally, args.method)
        if args.format != "table":
            emit(frame, args.format)
            return 0
        critical = critical_thresholds(tally, args.method)
        print(f"{where}: pladser efter spærregrænse")
        shown = frame.drop(columns=["threshold_exact"]).assign(threshold=[
            f"{danish.decimal(holding_percent(Fraction(t)), 4)} %" if c
            else danish.percent_value(Fraction(t) * 100, 1)
            for t, c in zip(frame["threshold_exact"], frame["critical"])])
        print(danish.text_table(shown))
        print("\nKritiske spærregrænser (listen deltager ved grænsen, ikke over den; procenten "
              "er rundet ned, så den giver samme sammensætning som den præcise andel):")
        for c in critical:
            change = ", ".join(f"{k} {v:+d}" for k, v in c.changes.items())
            exact = c.threshold * 100
            print(f"  {danish.decimal(holding_percent(c.threshold), 4)} % (præcis "
                  f"{exact.numerator}/{exact.denominator} %)  {c.list}: over grænsen {change}")
    elif args.what == "cap":
        frame = cap_sweep(tally, args.method)
        if args.format != "table":
            emit(frame, args.format)
            return 0
        print(f"{where}: pladser efter loft (× antal kommuner)")
        print(danish.text_table(frame))
    else:
        frame = method_sweep(tally)
        if args.format != "table":
            emit(frame, args.format)
            return 0
        print(f"KKR {tally.region} ({election_label(args.election)}): pladser og "
              "disproportionalitet efter metode")
        print(danish.text_table(frame.assign(method=frame["method"].map(danish.method_name)),
                                digits=3))
    print(f"Dækning: {tally.coverage.describe_da()}")
    _method_note(tally, args)
    return 0


def cmd_margins(args: argparse.Namespace) -> int:
    """Votes from one more seat and from one fewer, per list."""
    from ..rules.chair import POST_NAMES, chair_votes
    from ..scenarios.sensitivity import (
        chair_margins,
        margins_frame,
        valgforbund_post_margins,
        vote_margins,
    )

    threshold = scenario_of(args).threshold
    tally = load_tally(args)
    votes = require_lists(chair_votes(compose(tally, args.method, threshold=threshold)), args)
    alliances = alliances_of(args, votes)
    frame = margins_frame(vote_margins(tally, args.method, threshold=threshold))
    rows = chair_margins(votes, alliances)
    # A valgforbund of several lists as a whole (its summed votes), under its label "C+V": the
    # numbers the app shows per valgforbund (a list alone is its own valgforbund).
    rows += [m for a in alliances if len(a.members) > 1
             for m in valgforbund_post_margins(votes, alliances)[a.label]]
    posts = pd.DataFrame([vars(m) for m in rows],
                         columns=["list", "post", "holds", "votes_needed", "keep_votes"])
    posts = posts.astype({"votes_needed": "Int64", "keep_votes": "Int64"})
    if args.format == "csv":
        if args.posts:
            out = posts.assign(holds=posts["holds"].map({True: "true", False: "false"}))
            print_frame(out, "csv")
        else:
            print_frame(frame[["list", "seats", "gain_votes", "loss_votes"]], "csv")
        return 0
    if args.format == "json":
        print(json.dumps({"seats": json.loads(frame.to_json(orient="records")),
                          "posts": json.loads(posts.to_json(orient="records"))},
                         ensure_ascii=False))
        return 0
    print(f"KKR {tally.region} ({election_label(args.election)}, "
          f"{danish.method_name(args.method)}): stemmemarginer")
    print(MARGINS_NOTE)
    print(_readable(frame).rename(columns=danish.heading).to_string(index=False))
    print(f"\n{POSTS_NOTE}")
    print(_readable(posts.assign(post=posts["post"].map(POST_NAMES))).rename(
        columns={**danish.HEADINGS, "holds": "Har posten", "votes_needed": "Stemmer"})
        .to_string(index=False))
    print(f"Skrøbelige (stemmer til −1 plads under 1 % af listens stemmer): "
          f"{', '.join(frame.loc[frame['fragile'], 'list']) or 'ingen'}")
    print(f"Dækning: {tally.coverage.describe_da()}")
    _method_note(tally, args)
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """Monte-Carlo over vote shares (Dirichlet): seat-count and post probabilities."""
    from ..rules.chair import chair_votes
    from ..scenarios.montecarlo import simulate

    tally = load_tally(args)
    alliances = alliances_of(args, require_lists(chair_votes(compose(tally)), args))
    sim = simulate(tally, args.draws, None if args.concentration <= 0 else args.concentration,
                   alliances, args.seed)
    seats = sim.seats.reset_index().melt(id_vars="list", var_name="seats",
                                         value_name="probability")
    seats = seats[seats["probability"] > 0].sort_values(["list", "seats"], kind="stable")
    if args.format == "json":
        print(json.dumps({"draws": sim.draws, "concentration": sim.concentration,
                          "seats": seats.to_dict(orient="records"),
                          "posts": sim.posts.to_dict(orient="records"),
                          "lot_share": sim.lot_share, "chair_lot_share": sim.chair_lot_share},
                         ensure_ascii=False, default=float))
        return 0
    if args.format == "csv":
        print_frame(seats, "csv")
        return 0
    print(f"KKR {args.kkr} ({election_label(args.election)}): "
          f"{danish.plural(sim.draws, 'trækning', 'trækninger')}, Dirichlet-koncentration "
          f"{danish.number(sim.concentration)}")
    print("Sandsynlighed for hvert antal pladser (rækker: liste, kolonner: pladser):")
    grid = sim.seats.loc[:, (sim.seats > 0).any()]
    shown = grid.reset_index().rename(columns={c: str(c) for c in grid.columns})
    shares = [str(c) for c in grid.columns]
    print(danish.text_table(shown.assign(**{c: shown[c].map(lambda x: danish.percent(x, 1))
                                             for c in shares})))
    print("\nPoster:")
    posts = sim.posts
    print(danish.text_table(posts.assign(**{c: posts[c].map(lambda x: danish.percent(x, 2))
                                            for c in posts.columns if c != "list"})))
    print(f"Trækninger med lodtrækning om en KKR-plads: {danish.percent(sim.lot_share, 4)}; "
          f"om en post: {danish.percent(sim.chair_lot_share, 4)}")
    print(f"Dækning: {tally.coverage.describe_da()}")
    _method_note(tally, args)
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("sweep", help="sammensætningen, når spærregrænse, loft eller metode ændres")
    p.add_argument("what", choices=("threshold", "cap", "method"),
                   help="hvad der ændres: threshold (spærregrænsen), cap (loftet) eller "
                   "method (metoden)")
    add_common(p)
    p.add_argument("--method", choices=METHODS, default=KKR_METHOD, help=METHOD_HELP)
    add_mayor_options(p)
    add_region_votes_option(p)
    p.set_defaults(handler=cmd_sweep)

    p = sub.add_parser("margins", help="stemmer fra én plads mere / én plads mindre, pr. liste")
    add_common(p)
    add_scenario_options(p)
    p.add_argument("--alliance", action="append", default=[], type=alliance_spec,
                   help="valgforbund til margenerne for posterne, fx C+V eller C+V:V,C (V "
                   "forbundets første post, C dets anden)")
    p.add_argument("--posts", action="store_true",
                   help="med --format csv: margenerne for posterne "
                   "(list,post,holds,votes_needed) i stedet for pladsernes")
    add_region_votes_option(p)
    p.set_defaults(handler=cmd_margins)

    p = sub.add_parser("simulate", help="Monte Carlo-simulering af stemmeandelene (Dirichlet)")
    add_common(p)
    p.add_argument("--draws", type=int_range(1, MAX_DRAWS), default=100_000,
                   help="antal lodtrækninger (standard 100.000)")
    p.add_argument("--concentration", type=finite_float(allow_minimum=True), default=2000.0,
                   help="Dirichlet-koncentration (større = mindre støj; 0 = ingen støj)")
    p.add_argument("--alliance", action="append", default=[], type=alliance_spec,
                   help="valgforbund til posterne")
    p.add_argument("--seed", type=int_range(0), default=0,
                   help="startværdi for tilfældighederne (standard 0)")
    add_mayor_options(p)
    add_region_votes_option(p)
    p.set_defaults(handler=cmd_simulate)
