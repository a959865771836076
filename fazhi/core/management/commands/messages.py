"""``fazhi messages``: regenerate and compile the translation catalogues (``make messages``).

The msgids are the Chinese source strings. The command

1. extracts them (Django's makemessages: xgettext over the templates and the Python code of ``fazhi/``)
   into ``fazhi/locale/{en,zh_Hans}/LC_MESSAGES/django.po``, without locations (small diffs) and without
   obsolete entries;
2. completes the zh_Hans catalogue (msgstr = msgid for every entry, so nothing falls back silently);
3. lists the English entries that still need a translation (new, or marked fuzzy by msgmerge);
4. compiles both catalogues to ``.mo`` (msgfmt --check-format). The ``.mo`` files are committed, so a
   machine without gettext can run the product.

Needs GNU gettext (xgettext, msgmerge, msgfmt: ``apt-get install gettext``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import polib
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import fazhi

PACKAGE_DIR = Path(fazhi.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
LOCALES = ("en", "zh_Hans")
HEADERS = {
    "en": {"Language": "en", "Plural-Forms": "nplurals=2; plural=(n != 1);"},
    "zh_Hans": {"Language": "zh_Hans", "Plural-Forms": "nplurals=1; plural=0;"},
}
METADATA = {
    "Project-Id-Version": "fazhi",
    "Report-Msgid-Bugs-To": "",
    "Last-Translator": "Fazhi",
    "Language-Team": "Fazhi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def po_path(locale: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / locale / "LC_MESSAGES" / "django.po"


@contextlib.contextmanager
def _cwd(path: Path):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def extract(locales=LOCALES) -> None:
    """makemessages, run in the package directory (its ``locale`` folder is settings.LOCALE_PATHS[0])."""
    with _cwd(PACKAGE_DIR):
        call_command("makemessages", locale=list(locales), no_obsolete=True, no_location=True, verbosity=0)


def complete_source_catalogue(po: polib.POFile) -> int:
    """zh_Hans: every msgstr is its msgid. Returns the number of entries changed."""
    changed = 0
    for entry in po:
        if entry.msgid_plural:
            wanted = {0: entry.msgid}
            if entry.msgstr_plural != wanted:
                entry.msgstr_plural = wanted
                changed += 1
        elif entry.msgstr != entry.msgid:
            entry.msgstr = entry.msgid
            changed += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            changed += 1
    return changed


def untranslated(po: polib.POFile) -> list[polib.POEntry]:
    """Entries without a complete translation, or marked fuzzy."""
    out = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            out.append(entry)
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                out.append(entry)
        elif not entry.msgstr:
            out.append(entry)
    return out


def normalize_headers(po: polib.POFile, locale: str) -> None:
    po.metadata.update(METADATA)
    po.metadata.update(HEADERS[locale])
    po.metadata.pop("PO-Revision-Date", None)
    # makemessages stamps the extraction time: dropping it keeps the files stable between runs.
    po.metadata.pop("POT-Creation-Date", None)
    po.header = "Translations of Fazhi. The msgids are the Chinese source strings."
    po.metadata_is_fuzzy = False


def compile_catalogues() -> None:
    with _cwd(PACKAGE_DIR):
        call_command("compilemessages", locale=list(LOCALES), verbosity=0)


class Command(BaseCommand):
    help = ("Regenerate fazhi/locale: extract the msgids, complete the zh_Hans catalogue, list the English "
            "entries to translate, compile the .mo files.")

    def add_arguments(self, parser):
        parser.add_argument("--no-extract", action="store_true", help="only complete and compile")

    def handle(self, *args, **opts):
        if not opts["no_extract"]:
            try:
                extract()
            except CommandError as e:
                raise CommandError(f"{e} (GNU gettext is needed: apt-get install gettext)") from e
        zh = polib.pofile(str(po_path("zh_Hans")), wrapwidth=0)
        complete_source_catalogue(zh)
        normalize_headers(zh, "zh_Hans")
        zh.save()
        en = polib.pofile(str(po_path("en")), wrapwidth=0)
        normalize_headers(en, "en")
        en.save()
        todo = untranslated(en)
        compile_catalogues()
        self.stdout.write(f"{len(en)} msgids; compiled {', '.join(LOCALES)}.")
        if todo:
            self.stdout.write(self.style.WARNING(
                f"{len(todo)} English entries need a translation in {po_path('en').relative_to(PACKAGE_DIR.parent)} "
                "(untranslated or fuzzy; msgfmt leaves them out until done):"))
            for entry in todo:
                self.stdout.write(f"  {entry.msgid}")
