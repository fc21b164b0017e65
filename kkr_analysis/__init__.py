"""kkr-analysis: Danish municipal-election results → KL's regional councils (KKR).

>>> import kkr_analysis as kkr
>>> comp = kkr.composition("KV21", "Hovedstaden", method="dhondt", threshold=2)
>>> kkr.explain("KV21", "Hovedstaden")          # how every seat was won (a DataFrame)
>>> kkr.chair("KV21", "Hovedstaden", alliances=["A+F+Ø", "C+V"])
>>> kkr.load_election("KV25", data_dir="my-data")

Every function here is a thin wrapper over :class:`Scenario` (the one object that drives the CLI,
the reports and the app), so the same question gives the same number everywhere. ``threshold``
is in percent, as typed in the CLI and the app (``2``, ``2.5``, ``"2,5"``); KL's rule is 2 %.

Layers (data flows downward only): ``data`` → ``apportion`` → ``rules`` → ``scenario`` /
``scenarios`` → ``plots`` / ``widgets`` / ``cli`` / notebooks. Submodules are imported on first
use, so ``import kkr_analysis`` (and ``kkr --help``) stays fast.
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

__all__ = ["Scenario", "__version__", "chair", "composition", "explain", "load_election"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kkr-analysis")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


__version__ = _version()
del _version


def _scenario(election: str, kkr: str, method: str, threshold: Any, data_dir: Any,
              regions: str | None, alliances: Iterable[str | Alliance] = ()) -> Scenario:
    from .rules.chair import Alliance, parse_alliances
    from .scenario import Scenario, parse_percent

    parsed = tuple(a if isinstance(a, Alliance) else parse_alliances([a])[0] for a in alliances)
    return Scenario(election=election.upper(), kkr=kkr, method=method,  # type: ignore[arg-type]
                    threshold=parse_percent(threshold) / 100, alliances=parsed,
                    regions=regions, data_dir=None if data_dir is None else str(data_dir)
                    ).resolved()


def composition(election: str = "KV21", kkr: str = "Hovedstaden", *, method: str = "dhondt",
                threshold: float | str | Fraction = 2, data_dir: Any = None,
                regions: str | None = None) -> Composition:
    """A KKR's composition: mayors and supplementary members per list (KL's love § 15, stk. 1-2;
    rules ``kkr.mayors``, ``kkr.threshold``, ``kkr.size``, ``kkr.cap``).

    ``method``: ``"dhondt"`` (default), ``"sainte-lague"`` or ``"hare"``; ``threshold`` in
    percent; ``data_dir``: your own data folder (all tables of the election are read from it);
    ``regions``: a region mapping scenario, e.g. ``"2027"``.
    """
    return _scenario(election, kkr, method, threshold, data_dir, regions).composition()


def explain(election: str = "KV21", kkr: str = "Hovedstaden", *, method: str = "dhondt",
            threshold: float | str | Fraction = 2, data_dir: Any = None,
            regions: str | None = None) -> pd.DataFrame:
    """How every seat was won, one row per seat in the order the method assigns it, then the
    first list that missed out (rule ``kkr.explain``; :meth:`Composition.explain`)."""
    return composition(election, kkr, method=method, threshold=threshold, data_dir=data_dir,
                       regions=regions).explain()


def chair(election: str = "KV21", kkr: str = "Hovedstaden", *,
          alliances: Iterable[str | Alliance] = (), method: str = "dhondt",
          threshold: float | str | Fraction = 2, data_dir: Any = None,
          regions: str | None = None) -> ChairElection:
    """Formand and næstformand, elected among the lists represented at ``threshold`` under the
    given valgforbund (``"A+F+Ø"``, or ``"A+F:F"`` naming F for the valgforbund's seat) — KL's
    love § 15, stk. 3; rules ``chair.valgforbund``, ``chair.election``. ``.explain`` is
    :func:`kkr_analysis.rules.explain.explain_chair`."""
    return _scenario(election, kkr, method, threshold, data_dir, regions, alliances).chair()


def load_election(election: str, data_dir: Any = None, regions: str | None = None
                  ) -> ElectionData:
    """Load and cross-check all files of one election (``"KV21"``, ``"KV25"``) from the bundled
    data or ``data_dir`` (:func:`kkr_analysis.data.load_election`)."""
    from .data import load_election as load

    return load(election, data_dir, regions)


def __getattr__(name: str) -> Any:
    if name == "Scenario":
        from .scenario import Scenario

        return Scenario
    raise AttributeError(f"module 'kkr_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


del annotations, TYPE_CHECKING  # keep the namespace to __all__
