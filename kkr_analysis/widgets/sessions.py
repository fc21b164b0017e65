"""The visitors' sessions in ``kkr app``'s one process: the notice shown when an unused page's
session ends (issue 19). The server (:mod:`kkr_analysis.widgets.server`) decides when a page is
idle; the page (:mod:`kkr_analysis.widgets.solara_app`) registers where the notice goes."""

from __future__ import annotations

import threading
import weakref

import ipywidgets as widgets

ENDED = ("<div class='kkr-ended' role='alert' style='background:#fff3cd;border:1px solid "
         "#e0c36c;padding:8px 12px;margin:4px 0;font-size:15px'><b>Siden har ikke været brugt i "
         "{minutes}, og forbindelsen til serveren er lukket.</b> Genindlæs siden for at "
         "fortsætte; scenariet står i linket og kommer igen.</div>")

_notices: weakref.WeakValueDictionary[str, widgets.HTML] = weakref.WeakValueDictionary()
_lock = threading.Lock()


def current_kernel() -> str | None:
    """The id of the Solara session running this code (``None`` outside Solara's server)."""
    try:
        from solara.server import kernel_context
    except ImportError:
        return None
    if not kernel_context.has_current_context():
        return None
    return kernel_context.get_current_context().id


def register(notice: widgets.HTML) -> None:
    """Show the idle notice of this session in ``notice`` (when served by Solara)."""
    kernel = current_kernel()
    if kernel is not None:
        with _lock:
            _notices[kernel] = notice


def tell_ended(kernel: str, idle_seconds: float) -> bool:
    """Write the Danish "unused, reload" notice into the page of session ``kernel`` (called
    from a worker thread, before its connection closes); ``False`` if it has none."""
    from solara.server import kernel_context

    with _lock:
        notice = _notices.pop(kernel, None)
    context = kernel_context.contexts.get(kernel)
    if notice is None or context is None:
        return False
    with context:
        minutes = max(1, round(idle_seconds / 60))
        notice.value = ENDED.format(minutes="1 minut" if minutes == 1 else f"{minutes} minutter")
    return True
