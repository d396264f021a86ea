"""Take the README's screenshots with Debian's headless Chromium (Japanese fonts: fonts-noto-cjk).

.venv/bin/jkg serve &   # the bundled list on http://127.0.0.1:8000/
.venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]

and, for what the sheets hold, the test fixture lists with money, indicators and the policy hierarchy:

.venv/bin/jkg build tests/fixtures/figures/*.csv --out /tmp/figures
.venv/bin/jkg serve --data /tmp/figures --port 8001 &
.venv/bin/python docs/screenshots.py http://127.0.0.1:8001 --figures
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
SHOTS = [  # (file, path, viewport width)
    ("projects.png", "/projects?partner_type=NationalAgency", 1280),
    ("projects-phone.png", "/projects?partner_type=NationalAgency&lang=ja", 390),
]
FIGURE_SHOTS = [
    ("project-money.png", "/doc/lg/132047/project/201?lang=ja", 1280),
    ("policy.png", "/doc/lg/132047/policy/comprehensive-plan/2/2-1?lang=ja", 1280),
]


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--figures"]
    server = args[0] if args else "http://127.0.0.1:8000"
    shots = FIGURE_SHOTS if "--figures" in sys.argv[1:] else SHOTS
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, path, width in shots:
            page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
            page.goto(server + path)
            page.screenshot(path=str(HERE / name))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
