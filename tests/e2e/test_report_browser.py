"""The HTML report in a real headless Chromium: no console errors, verdict and blockers visible.

Needs Debian's ``chromium`` package (``apt-get install chromium``); skipped with a reason
when no Chromium is installed. The browser is driven over ``--remote-debugging-pipe`` by
tests/e2e/cdp.py, so no extra Python package is needed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, run_cli
from tests.e2e.cdp import Browser, find_chromium
from tests.e2e.test_real_repositories import corpus_copy

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium); browser tests skipped"
    ),
]

XSS = "<script>alert(1)</script>"

#: Runs in the page: is an element really on screen (laid out, not hidden, inside the page)?
PROBE = """
(() => {
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && parseFloat(s.opacity) > 0 && r.left >= 0 && r.right <= document.documentElement.scrollWidth;
  };
  const verdict = document.getElementById('verdict');
  const blockers = document.getElementById('blockers');
  const rows = blockers ? Array.from(blockers.tBodies[0].rows) : [];
  const firstCells = rows.length ? Array.from(rows[0].cells).map(c => c.innerText.trim()) : [];
  return {
    title: document.title,
    verdictShown: shown(verdict),
    verdictTop: verdict ? verdict.getBoundingClientRect().top : null,
    verdictText: verdict ? verdict.querySelector('h1').innerText : null,
    verdictColor: verdict ? getComputedStyle(verdict.querySelector('.word')).color : null,
    blockersShown: shown(blockers),
    blockerRows: rows.length,
    firstBlockerShown: rows.length ? shown(rows[0]) : false,
    firstCells: firstCells,
    blockerText: blockers ? blockers.innerText : '',
    scripts: document.scripts.length,
    pageWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
    diagramNote: (document.getElementById('diagram-note') || {}).innerText || null,
    diagramSvgShown: shown(document.getElementById('diagram'))
      && document.querySelector('#diagram svg').getBoundingClientRect().width > 0,
    diagramLinks: document.querySelectorAll('#diagram svg a').length,
  };
})()
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as opened:
        yield opened


def html_report(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.html"
    run = run_cli("report", *args, "--format", "html", "--output", out, "--date", "2024-03-15", cwd=REPO_ROOT)
    assert run.code in (0, 1), run.stderr
    return out


def test_checkout_report_loads_cleanly_with_verdict_and_blockers_visible(browser: Browser, tmp_path: Path) -> None:
    url = html_report(tmp_path, "examples/checkout", "--tag", "release-2.1").as_uri()
    page = browser.open(url)
    facts = page.evaluate(PROBE)
    assert page.console_errors() == []
    assert facts["verdictShown"] and facts["verdictTop"] < 200, facts  # first thing on the page
    assert facts["verdictText"] == "NOT READY: tag release-2.1"
    assert facts["verdictColor"] == "rgb(207, 34, 46)"  # red
    assert facts["blockersShown"] and facts["firstBlockerShown"], facts
    assert facts["blockerRows"] == 13
    assert facts["firstCells"][:3] == ["1", "spec-api-checkout-session-001", "Checkout Session API"]
    assert facts["scripts"] == 0
    # Nothing but the page itself was requested: no font, image, stylesheet or tracker.
    assert page.requested_urls() == [url]
    if shutil.which("dot"):
        assert facts["diagramSvgShown"] and facts["diagramLinks"] >= 16, facts  # one per spec at least
    else:
        assert facts["diagramNote"].startswith("No diagram: drawing it needs Graphviz"), facts


def test_hostile_titles_are_shown_as_text_and_never_run(browser: Browser, tmp_path: Path) -> None:
    page = browser.open(html_report(tmp_path, "tests/report_fixtures/edge", "--release", "r1").as_uri())
    facts = page.evaluate(PROBE)
    assert page.console_errors() == []
    assert facts["scripts"] == 0
    assert XSS in facts["blockerText"] and "| pipe | title" in facts["blockerText"]
    assert facts["verdictText"] == "NOT READY: release r1"


def test_ready_report_on_a_phone(browser: Browser, tmp_path: Path) -> None:
    url = html_report(tmp_path, "examples/checkout", "--tag", "release-2.0").as_uri()
    page = browser.open(url, width=390, height=844, mobile=True)
    facts = page.evaluate(PROBE)
    assert page.console_errors() == []
    assert facts["verdictText"] == "READY: tag release-2.0" and facts["verdictShown"]
    assert facts["verdictColor"] == "rgb(26, 127, 55)"  # green
    assert facts["pageWidth"] <= facts["viewportWidth"], facts  # no sideways scrolling of the page
    # (a diagram wider than the phone scrolls inside its own box)
    assert page.evaluate("document.getElementById('no-blockers').innerText").startswith("None")


def test_console_errors_would_be_caught(browser: Browser, tmp_path: Path) -> None:
    """The probe itself works: a page that breaks its own CSP and throws is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '<img src="https://example.invalid/x.png"><p>x</p>',
        encoding="utf-8",
    )
    page = browser.open(bad.as_uri())
    page.evaluate("setTimeout(() => { throw new Error('boom') }, 0); console.error('logged')")
    page.evaluate("new Promise(r => setTimeout(r, 100))", await_promise=True)
    errors = json.dumps(page.console_errors())
    assert "Content Security Policy" in errors and "boom" in errors and "logged" in errors


#: Runs in the page: cells whose content overflows them, table boxes that scroll sideways, and
#: the smallest on-screen font size of the diagram's text (its font-size times the SVG's scale).
LAYOUT = """
(() => {
  const clipped = Array.from(document.querySelectorAll('td, th'))
    .filter(c => c.scrollWidth > c.clientWidth + 1)
    .map(c => [c.closest('table').id, c.dataset.label || c.innerText.slice(0, 30), c.scrollWidth, c.clientWidth]);
  const scrolling = Array.from(document.querySelectorAll('.scroll'))
    .filter(b => b.scrollWidth > b.clientWidth + 1)
    .map(b => [b.querySelector('table').id, b.scrollWidth, b.clientWidth]);
  const sizes = Array.from(document.querySelectorAll('#diagram svg text'))
    .map(t => parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return {clipped, scrolling, texts: sizes.length, smallest: sizes.length ? Math.min(...sizes) : null,
          headers: Array.from(document.querySelectorAll('#blockers th')).map(th => th.innerText)};
})()
"""


@pytest.mark.parametrize("source", ["checkout", "broken", "aptos-aips"])
def test_at_1400_px_no_cell_is_clipped_and_the_diagram_is_legible(browser: Browser, tmp_path: Path, source: str) -> None:
    if source == "checkout":
        report = html_report(tmp_path, "examples/checkout", "--tag", "release-2.1")
    elif source == "broken":
        report = html_report(tmp_path, "examples/broken")
    else:  # a real repository: long author lists with URLs, long reasons, no priorities
        root = corpus_copy(source, tmp_path)
        assert run_cli("init", root).code == 0
        report = html_report(tmp_path, str(root))
    page = browser.open(report.as_uri(), width=1400, height=900)
    facts = page.evaluate(LAYOUT)
    assert page.console_errors() == []
    assert facts["clipped"] == [], facts
    assert facts["scrolling"] == [], facts  # every table fits its box: no column hidden off to the right
    if shutil.which("dot"):
        assert facts["texts"] > 10, facts
        assert facts["smallest"] >= 8, facts  # drawn at its own size, never shrunk to fit the column


def test_a_report_without_priorities_states_that_once_instead_of_a_column(browser: Browser, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    for i in range(3):
        (root / f"s{i}.md").write_text(
            f"---\nid: spec-s-00{i}\ntitle: Spec {i}\ntype: epic\nstatus: draft\nauthor: ana\n---\n", encoding="utf-8"
        )
    out = tmp_path / "report.html"
    run = run_cli("report", root, "--format", "html", "--output", out, "--date", "2024-03-15")
    assert run.code in (0, 1), run.stderr
    page = browser.open(out.as_uri(), width=1400, height=900)
    facts = page.evaluate(LAYOUT)
    assert "Priority" not in facts["headers"] and "Author" not in facts["headers"], facts
    assert "Spec" in facts["headers"] and "Why" in facts["headers"], facts
    same = page.evaluate("document.getElementById('blockers-same').innerText")
    assert (
        same == "On every row: Status draft, Priority \u2014 (not set), Author ana, Waiting 0, Blocks directly \u2014 (not set)."
    )
