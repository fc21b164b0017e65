"""kkr-analysis: Danish municipal-election results → KL's regional councils (KKR).

>>> import kkr_analysis as kkr
>>> comp = kkr.composition("KV21", "Hovedstaden", method="sainte-lague", threshold_pct=2)
>>> kkr.explain("KV21", "Hovedstaden")          # how every seat was won (a DataFrame)
>>> kkr.chair("KV21", "Hovedstaden", alliances=["A+F+Ø", "C+V"])
>>> kkr.load_election("KV25", data_dir="my-data")

Without an election (``kkr.composition(kkr="Syddanmark")``) the answer is for the newest election
in the data folder in use (KV25, the KKR period 2026-2029, in the bundled data).

Every function here is a thin wrapper over :class:`Scenario` (the one object that drives the CLI,
the reports and the app), so the same question gives the same number everywhere. ``threshold_pct``
is in percent, as typed in the CLI and the app (``2``, ``2.5``, ``"2,5"``); KL's rule is 2 %. A
number between 0 and 1 (``0.02``) is refused as ambiguous — write ``"0,5 %"`` for half a percent.
:class:`Scenario` keeps ``threshold`` as a share (``Fraction(2, 100)``); the different names keep
the two from being mixed silently.

Layers (data flows downward only): ``data`` → ``apportion`` → ``rules`` → ``scenario`` /
``scenarios`` → ``presentation`` / ``widgets`` / ``cli`` / notebooks. Submodules are imported on
first use, so ``import kkr_analysis`` (and ``kkr --help``) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from fractions import Fraction
    from typing import Any

    import pandas as pd

    from .data import ElectionData
    from .rules.chair import Alliance, ChairElection
    from .rules.composition import Composition
    from .scenario import Scenario

from .version import __version__

__all__ = ["Scenario", "__version__", "chair", "composition", "explain", "load_election"]




def _scenario(election: str | None, kkr: str, method: str | None, threshold_pct: Any, data_dir: Any,
              regions: str | None, alliances: Iterable[str | Alliance] = (),
              threshold: Any = None) -> Scenario:
    from .errors import DataError
    from .rules.chair import Alliance, parse_alliances
    from .rules.composition import KKR_METHOD
    from .scenario import Scenario, threshold_share

    method = KKR_METHOD if method is None else method

    if threshold is not None:
        raise DataError(f"threshold={threshold!r}: kkr.*-funktionerne tager threshold_pct= i "
                        "procent (threshold_pct=2 for KL's 2 %); Scenario(threshold=...) tager "
                        "en andel (Fraction(2, 100))")
    if alliances is None or isinstance(alliances, str | Alliance):
        raise DataError(f"alliances er en liste af valgforbund, fx ['A+F+Ø', 'C+V'], ikke "
                        f"{alliances!r}" + ("; skriv alliances=[...] omkring det"
                                            if isinstance(alliances, str | Alliance) else ""))
    parsed = []
    for a in alliances:
        if isinstance(a, tuple | list) and all(isinstance(m, str) for m in a):
            a = "+".join(a)  # ("A", "F") is the valgforbund A+F
        if not isinstance(a, str | Alliance):
            raise DataError(f"alliances indeholder {a!r}; et valgforbund skrives 'A+F+Ø' (eller "
                            "som en Alliance)")
        parsed.append(a if isinstance(a, Alliance) else parse_alliances([a])[0])
    from .data import check_name

    if election is not None:  # None: the newest election in the data folder (Scenario's default)
        election = check_name(election, "et valg (det første argument)").upper()
    return Scenario(election=election, kkr=kkr, method=method,  # type: ignore[arg-type]
                    threshold=threshold_share(threshold_pct), alliances=tuple(parsed),
                    regions=regions, data_dir=None if data_dir is None else str(data_dir)
                    ).resolved()


def composition(election: str | None = None, kkr: str = "Hovedstaden", *,
                method: str | None = None,
                threshold_pct: float | str | Fraction = 2, data_dir: Any = None,
                regions: str | None = None, threshold: Any = None) -> Composition:
    """A KKR's composition: mayors and supplementary members per list (KL's love § 15, stk. 1-2;
    rules ``kkr.mayors``, ``kkr.threshold``, ``kkr.size``, ``kkr.cap``).

    ``method``: ``"sainte-lague"`` (``None``: the default, ``rules.composition.KKR_METHOD``, the
    one KL's published table decides), ``"dhondt"`` or ``"hare"``; ``threshold_pct`` in
    percent (``2`` = KL's 2 %; ``0 < x < 1`` is refused as ambiguous unless written ``"0,5 %"``;
    ``threshold=`` is refused, it is :class:`Scenario`'s share); ``data_dir``: your own data
    folder (all tables of the election are read from it);
    ``regions``: a region mapping scenario, e.g. ``"2027"``. ``election=None`` (the default)
    is the newest election in the data folder (:func:`kkr_analysis.data.newest_election`).
    """
    return _scenario(election, kkr, method, threshold_pct, data_dir, regions,
                     threshold=threshold).composition()


def explain(election: str | None = None, kkr: str = "Hovedstaden", *,
            method: str | None = None,
            threshold_pct: float | str | Fraction = 2, data_dir: Any = None,
            regions: str | None = None, threshold: Any = None) -> pd.DataFrame:
    """How every seat was won, one row per seat in the order the method assigns it, then the
    first list that missed out (rule ``kkr.explain``; :func:`rules.explain.explain_composition`)."""
    from .rules.explain import explain_composition

    return explain_composition(composition(election, kkr, method=method,
                                           threshold_pct=threshold_pct, data_dir=data_dir,
                                           regions=regions, threshold=threshold))


def chair(election: str | None = None, kkr: str = "Hovedstaden", *,
          alliances: Iterable[str | Alliance] = (), method: str | None = None,
          threshold_pct: float | str | Fraction = 2, data_dir: Any = None,
          regions: str | None = None, threshold: Any = None) -> ChairElection:
    """Formand and næstformand, elected among the lists represented at ``threshold_pct`` under the
    given valgforbund (``"A+F+Ø"``, or ``"A+F:F"`` naming F for the valgforbund's seat) — KL's
    love § 15, stk. 3; rules ``chair.valgforbund``, ``chair.election``. ``.explain`` is
    :func:`kkr_analysis.rules.explain.explain_chair`."""
    return _scenario(election, kkr, method, threshold_pct, data_dir, regions, alliances,
                     threshold=threshold).chair()


def load_election(election: str, data_dir: Any = None, regions: str | None = None
                  ) -> ElectionData:
    """Load and cross-check all files of one election (``"KV21"``, ``"KV25"``) from the bundled
    data or ``data_dir`` (:func:`kkr_analysis.data.load_election`)."""
    import os

    from .data import load_election as load
    from .errors import DataError

    if data_dir is not None and not isinstance(data_dir, str | os.PathLike):
        raise DataError(f"data_dir er en mappe (str eller Path), ikke {data_dir!r}")

    return load(election, data_dir, regions)


def __getattr__(name: str) -> Any:
    if name == "Scenario":
        from .scenario import Scenario

        return Scenario
    raise AttributeError(f"module 'kkr_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


del annotations, TYPE_CHECKING  # keep the namespace to __all__
