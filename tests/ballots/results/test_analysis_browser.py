"""The analysis of the demo's declared result, as a member sees it in headless Chromium: every
picture with its table, each passing the WCAG 2.2 AA check and fitting the screen at 1280 and
390 px. Screenshots go to ANALYSIS_SHOTS when set (to look at), otherwise a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.servers import chromium, demo_server, signed_in
from tests.test_pages_in_a_browser import WCAG_22_AA, WIDTHS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("analysis-e2e")) as base:
        yield base


def _problems(page, axe, width) -> list[str]:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_function("w => window.innerWidth === w", arg=width)
    found = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        found.append(f"{width} px: {overflow} px wider than the screen")
    for v in axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}).response["violations"]:
        found.append(f"{width} px: {v['id']}: {v['help']} — {v['nodes'][0]['target']}")
    return found


def test_a_member_reads_every_picture_and_table_of_the_declared_result(server, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    shots = Path(os.environ.get("ANALYSIS_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = signed_in(browser, server, "member")
        page.goto("/ballots/results/nec-2026/disabled-members-rep/")
        page.click("text=Transfers at each stage and by slate")
        page.wait_for_selector("h1:has-text('How the votes moved')")
        stages = page.locator("section.stage-flow")
        assert stages.count() >= 1
        # Each stage: a picture with a title, and its table; the slates' picture and table too.
        for i in range(stages.count()):
            stage = stages.nth(i)
            assert stage.locator("svg[role=img] title").count() >= 1
            assert stage.locator("table tbody tr").count() >= 2  # given up, and received
        assert page.locator("#slates svg[role=img]").count() == 1
        for caption in ("CLP nominations, first preferences and final totals", "Transfers by slate over the whole count",
                        "Slate discipline: how far down papers keep"):  # fmt: skip
            assert page.locator(f"caption:has-text('{caption}')").count() == 1, caption
        assert page.locator("#discipline tbody tr").count() >= 2
        axe, problems = Axe(), []
        problems += _check_and_shoot(page, axe, shots, "analysis")

        # The sheet's verification kit, and the rule comparison of the same ballots.
        page.goto("/ballots/results/nec-2026/disabled-members-rep/")
        assert page.locator("h2:has-text('Check this count yourself')").count() == 1
        with page.expect_download() as download:
            page.click("a[href$='ballots-as-counted.blt']")
        saved = tmp_path / "ballots.blt"
        download.value.save_as(saved)
        page.set_input_files("#id_file", str(saved))
        page.click("text=Check the file")
        page.wait_for_selector("#verify-answer")
        assert "It matches." in page.inner_text("#verify-answer")
        problems += _check_and_shoot(page, axe, shots, "sheet-with-kit")
        page.click("text=/^Rule comparison \\d+$/")
        page.wait_for_selector("text=An analysis, not a result.")
        assert page.locator("caption:has-text('Who each rule elects, side by side')").count() == 1
        assert page.locator("table tbody tr").count() == 4  # the four candidates
        problems += _check_and_shoot(page, axe, shots, "comparison")

        # The live result page: the whole sheet until the returning officer starts a reveal;
        # then the member's open page follows each stage over the websocket.
        page.goto("/ballots/results/nec-2026/disabled-members-rep/")
        page.click("text=The live result page")
        page.wait_for_selector("text=The whole result: 3 stages.")
        officer = signed_in(browser, server, "returning")
        officer.goto(page.url)
        officer.click("text=Start the live reveal")
        page.wait_for_selector("text=Stage 1 of 3: First preferences.", timeout=15000)
        officer.click("text=Show stage 2")
        page.wait_for_selector("text=Stage 2 of 3:", timeout=15000)
        assert page.locator("#live-chart-title").count() == 1
        problems += _check_and_shoot(page, axe, shots, "live")
        page.goto(page.url + "?projector=1")
        problems += _check_and_shoot(page, axe, shots, "live-projector")
        assert problems == []


def _check_and_shoot(page, axe, shots, name) -> list[str]:
    problems = []
    for width in WIDTHS:
        problems += [f"{name}: {p}" for p in _problems(page, axe, width)]
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    return problems
