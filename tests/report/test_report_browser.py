"""The report of the demo analysis in a real headless Chromium (Debian's chromium and
chromium-driver): renders without console errors, shows its sections and key numbers, has no
broken image, requests nothing over the network; a full-page screenshot is kept as artefact."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import framing

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTEFACTS = Path(os.environ.get("FRAMING_TEST_ARTEFACTS", Path(__file__).resolve().parents[1] / "artefacts"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
                       reason="needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); "
                              "`apt-get install chromium chromium-driver` (.ci/run does it)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _requested_urls(driver: object) -> list[str]:
    """Every URL the page asked for (from the DevTools network log)."""
    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[attr-defined]
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _full_page_screenshot(driver: object, path: Path) -> None:
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})  # type: ignore[attr-defined]
    size = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {  # type: ignore[attr-defined]
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 30000), "scale": 1}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


def test_report_renders_in_chromium(demo_analysis: Path, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    report = framing.build_report(demo_analysis)
    driver = browser
    driver.get_log("performance")  # type: ignore[attr-defined]  (start with an empty log)
    driver.get(report.resolve().as_uri())  # type: ignore[attr-defined]
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")

    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]  # type: ignore[attr-defined]
    assert errors == []

    urls = _requested_urls(driver)
    assert urls and urls[0].startswith("file://")
    assert [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:"))] == []

    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "section > h2")]  # type: ignore[attr-defined]
    assert titles == ["Corpus and ingest", "Framing profile", "Frames over time", "Othering", "Topics",
                      "Co-occurrence networks", "Keyness: words typical of each group", "Files of this analysis"]
    assert driver.find_elements(By.CSS_SELECTOR, "section.notrun") == []  # type: ignore[attr-defined]

    corpus = pd.read_parquet(demo_analysis / "corpus.parquet", columns=["doc_id", "place"])
    cards = {c.find_element(By.CLASS_NAME, "k").text: c.find_element(By.CLASS_NAME, "v").text
             for c in driver.find_elements(By.CSS_SELECTOR, "#corpus .card")}  # type: ignore[attr-defined]
    assert cards["documents"] == f"{len(corpus):,}"
    text = driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    for place in corpus["place"].dropna().unique():
        assert place in text
    scores = pd.read_csv(demo_analysis / "othering" / "press_by_place.csv")
    for value, low, high in zip(scores["othering_index"], scores["ci_low"], scores["ci_high"]):
        assert f"{value:.2f} [{low:.2f}–{high:.2f}]" in text

    images = driver.execute_script(  # type: ignore[attr-defined]
        "return Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth, i.src.split(',')[0]])")
    assert len(images) >= 8
    assert [i for i in images if not i[1] or i[2] == 0] == []
    assert {i[3] for i in images} <= {"data:image/png;base64", "data:image/svg+xml;base64"}

    # evidence is one click away: the first othering row opens onto its KWIC lines
    box = driver.find_element(By.CSS_SELECTOR, "#othering details.evidence")  # type: ignore[attr-defined]
    kwic = box.find_element(By.CSS_SELECTOR, "table.kwic")
    assert not kwic.is_displayed()
    box.find_element(By.TAG_NAME, "summary").click()
    assert kwic.is_displayed()
    assert box.find_elements(By.CSS_SELECTOR, "td.match")[0].text.strip()
    box.find_element(By.TAG_NAME, "summary").click()

    _full_page_screenshot(driver, ARTEFACTS / "report_demo.png")
    assert (ARTEFACTS / "report_demo.png").stat().st_size > 50_000
