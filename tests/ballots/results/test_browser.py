"""End to end in headless Chromium against a real Daphne serving the demo: the returning officer
uploads a synthetic election, the count waits in the queue and the count worker (a separate
process, as in production) runs it while the sheet polls; it is a marked trial (the CLP section's
ballot is still open). The officer then recounts the (declared) disabled members' representative
and declares the recount in two steps with a reason, and a member reads the declared sheet."""

import subprocess
import sys

import pytest

from tests.ballots.results.test_counts import synth
from tests.servers import ROOT, chromium, demo_env, demo_server, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("results-e2e")
    env = demo_env(tmp, TASKS_BACKEND="database")
    with demo_server(tmp, TASKS_BACKEND="database") as base:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "count_worker", "--interval", "0.2"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            yield base, tmp
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def test_a_count_runs_in_the_background_and_the_declared_sheet_reaches_members(server):
    base, tmp = server
    blt = tmp / "nec.blt"
    blt.write_bytes(synth(20000))
    with chromium() as browser:
        ro = signed_in(browser, base, "returning")
        ro.goto("/ballots/results/nec-2026/clp-section/upload/")
        ro.set_input_files("#id_file", str(blt))
        ro.check("input[value=position]")
        ro.click("text=Check and load")
        assert "Loaded 20,000 ballots" in ro.content()
        ro.fill("#id_seed", "1")
        ro.click("text=Run a trial count")  # the CLP section's ballot is still open in the demo
        ro.wait_for_selector("text=Elected, in order", timeout=60000)  # polled, then reloaded
        assert ro.locator("ol li").count() == 9
        assert "Trial count." in ro.content() and ro.locator("text=Declare this count as the result").count() == 0

        # The disabled members' representative is declared in the demo (its ballot has closed): a
        # recount of it replaces that result only by being declared, in two steps, with a reason.
        ro.goto("/ballots/results/nec-2026/disabled-members-rep/")
        ro.click("table >> text=/^Count \\d+$/")
        ro.fill("#id_reason", "The agent's request")
        ro.click("text=Run the recount")
        ro.wait_for_selector("text=Elected, in order", timeout=60000)
        ro.click("text=Declare this count as the result")
        assert "What declaring does" in ro.content() and "This replaces the declared result" in ro.content()
        ro.fill("#id_reason", "Recounted at the agent's request")
        ro.click("text=/Yes, declare count \\d+ as the result/")
        assert "Declared result." in ro.content() and "Declarations of this section" in ro.content()
        member = signed_in(browser, base, "member")
        member.goto("/ballots/results/")
        member.click("text=NEC 2026 — Disabled members' representative")
        assert "Declared result." in member.content()
        assert member.locator("svg.chart title#chart-title").count() == 1
