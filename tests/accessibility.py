"""axe-core (the engine accessibility audits use) run in the browser tests' Chromium: the rules of
WCAG 2.0, 2.1 and 2.2 at levels A and AA, as DESIGN.md's quality bar asks."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page as BrowserPage

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: BrowserPage) -> list[str]:
    """Each violation on the page as one readable line: rule, impact, the first elements it names."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]
