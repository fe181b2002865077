"""The centre's `django` gettext catalogue: extract its strings, and bring each language's .po up to date.

The web side of the centre (templates, views.py, forms.py, models.py, template tags, the kiosk API's
request checks) translates through
Django's `django` domain; everything else in centre/ goes to the `gopy` catalogue (babel.cfg
ignores exactly these files). Django's makemessages runs on a copy of those files only, so a
`_` of the kiosk catalogue elsewhere in centre/ never lands in the Django catalogue.

    python scripts/django_messages.py            # update locales/{vi,en}/LC_MESSAGES/django.po
    python scripts/django_messages.py --pot OUT  # only write the template (the tests use it)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CENTRE = REPO / "centre"
LOCALES = REPO / "locales"
LANGUAGES = ("vi", "en")
WEB_FILES = ("views.py", "forms.py", "models.py")
# Other modules that answer web requests in the request's language (babel.cfg ignores them too).
WEB_MODULES = ("centre/api/auth.py",)

_RUN = """
import sys
import django
from django.conf import settings
settings.configure(USE_I18N=True, LOCALE_PATHS=[sys.argv[1]], INSTALLED_APPS=[])
django.setup()
from django.core.management import call_command
call_command("makemessages", locale=["vi"], domain="django", keep_pot=True, no_wrap=True, add_location="file",
             ignore_patterns=["locale/*"], verbosity=0)
"""


def _web_sources(into: Path) -> None:
    for path in CENTRE.rglob("*"):
        if not path.is_file() or "migrations" in path.parts:
            continue
        relative = path.relative_to(REPO)
        web = path.name in WEB_FILES or relative.as_posix() in WEB_MODULES or "templatetags" in relative.parts
        if web or ("templates" in relative.parts and path.suffix in (".html", ".txt")):
            target = into / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def extract(pot: Path) -> Path:
    """The template of every string the centre's web side translates, written to ``pot``."""
    with tempfile.TemporaryDirectory(prefix="gopy-django-messages-") as tmp:
        root = Path(tmp)
        _web_sources(root)
        (root / "locale").mkdir()
        subprocess.run([sys.executable, "-c", _RUN, str(root / "locale")], cwd=root, check=True)
        pot.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / "locale" / "django.pot", pot)
    return pot


def update(pot: Path) -> None:
    for language in LANGUAGES:
        po = LOCALES / language / "LC_MESSAGES" / "django.po"
        if po.exists():
            subprocess.run(
                [
                    "msgmerge",
                    "--quiet",
                    "--update",
                    "--backup=none",
                    "--no-wrap",
                    "--no-fuzzy-matching",
                    "--add-location=file",
                    str(po),
                    str(pot),
                ],
                check=True,
            )
            subprocess.run(["msgattrib", "--no-obsolete", "--no-wrap", "-o", str(po), str(po)], check=True)
        else:
            subprocess.run(["msginit", "--no-translator", "--no-wrap", "-l", language, "-i", str(pot), "-o", str(po)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pot", help="only write the template to this file")
    args = parser.parse_args()
    if args.pot:
        extract(Path(args.pot))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        update(extract(Path(tmp) / "django.pot"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
