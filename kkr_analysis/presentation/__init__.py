"""Presentation: every surface's Danish tables, text, charts, widgets, reports and PDFs.

Layers inside (tests/test_layers.py): the static views (``format``, the one formatting core,
and the topic modules, ``plots``, ``overview``, ``calendar``) lie below the live widgets
(``planner_widget``, ``live``; the app in ``kkr_analysis.widgets``), which lie below the
outputs (``report``, ``pdf``; the commands in ``kkr_analysis.cli``). Nothing below presentation
(data, rules, scenarios, scenario) imports it. Submodules are imported by name; this package
imports none of them, so ``import kkr_analysis`` stays fast.
"""
