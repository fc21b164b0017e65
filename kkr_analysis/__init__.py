"""kkr-analysis: Danish municipal-election results → KL's regional councils (KKR).

Layers (data flows downward only): ``data`` → ``apportion`` → ``rules`` → ``scenarios`` →
``plots`` / ``widgets`` / ``cli`` / notebooks.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kkr-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
