"""Take the README's screenshots with Debian's headless Chromium (Japanese fonts: fonts-noto-cjk).

.venv/bin/jkg serve &   # the bundled list on http://127.0.0.1:8000/
.venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]
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


def main() -> None:
    server = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, path, width in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
            page.goto(server + path)
            page.screenshot(path=str(HERE / name))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
