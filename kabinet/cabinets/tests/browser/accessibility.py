"""axe-core, vendored under ``axe/`` (no CDN), run on a page the journey is looking at: the
serious and critical violations, each as one readable line, so a failing journey says what
to fix and where."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).with_name("axe") / "axe.min.js"
BLOCKING = frozenset({"serious", "critical"})


def serious_violations(page: Page) -> list[str]:
    """Inject axe (once per document) and run it on the whole page; "rule: target (impact)"
    for every node of a serious or critical violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await window.axe.run(document)")
    return [
        f"{page.url} {violation['id']}: {' '.join(map(str, node['target']))} "
        f"({violation['impact']}) {node.get('failureSummary', '')[:160]!r}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]
