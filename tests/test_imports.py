"""The core stays free of the dashboard: `python -m cchc` never imports Streamlit."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_cli_module_does_not_import_streamlit_or_altair():
    code = "import sys; import cchc.cli.main; print(sorted(m for m in ('streamlit', 'altair') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_module_of_the_core_imports_streamlit():
    offenders = [
        p.name for p in (ROOT / "cchc").rglob("*.py") if "import streamlit" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
