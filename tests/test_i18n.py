"""Internationalization: Simplified Chinese by default, English on request.

- Both catalogues (fazhi/locale/{en,zh_Hans}) are complete: every entry translated, none fuzzy; the
  zh_Hans one has msgstr = msgid (the msgids are the Chinese source strings).
- The committed .mo files are the compiled .po files.
- The catalogue is current: extracting the msgids again finds nothing that is missing (else: make messages).
- The pages in English contain no Chinese text except data (names of items, agencies and people, law
  citations, document titles and numbers, holiday names, what people typed).
- Stored labels stay Chinese whatever the language of the request; documents stay Chinese.
- API error messages follow the language cookie (not Accept-Language).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import polib
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

import fazhi
from fazhi.core.masking import mask_party
from fazhi.licensing.process import LICENSING
from fazhi.licensing.services import Upload, application_submit
from fazhi.process.models import Case, CaseDocument, CaseEvent, Clock, ClockExtension, ClockPause
from fazhi.process.services import case_fire
from tests import factories as f

PACKAGE = Path(fazhi.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LOCALES = ("en", "zh_Hans")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
BACKEND = "django.contrib.auth.backends.ModelBackend"
# Chinese words the English catalogue keeps on purpose: examples of holiday names, and the Chinese
# spellings a calendar file may use (休/班, 日期,类型,名称).
KEPT_IN_ENGLISH = ("春节", "国庆节", "休", "班", "日期", "类型", "名称")


def po(locale: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))


def mo(locale: str) -> polib.MOFile:
    return polib.mofile(str(LOCALE / locale / "LC_MESSAGES" / "django.mo"))


def key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def value(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return entry.msgstr


# ---- the catalogues ----------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete(locale):
    catalogue = po(locale)
    assert len(catalogue) > 300
    assert not catalogue.metadata_is_fuzzy, f"{locale}: the header is marked fuzzy"
    problems = []
    for e in catalogue:
        if "fuzzy" in e.flags:
            problems.append(f"fuzzy: {e.msgid}")
        elif e.obsolete:
            problems.append(f"obsolete: {e.msgid}")
        elif e.msgid_plural:
            forms = [e.msgstr_plural.get(i, "") for i in range(1 if locale == "zh_Hans" else 2)]
            if not all(forms):
                problems.append(f"untranslated plural: {e.msgid}")
        elif not e.msgstr:
            problems.append(f"untranslated: {e.msgid}")
    assert not problems, f"{locale}: " + "\n".join(problems)


def test_chinese_catalogue_is_its_msgids():
    catalogue = po("zh_Hans")
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=1;")
    wrong = [e.msgid for e in catalogue
             if (e.msgstr_plural != {0: e.msgid} if e.msgid_plural else e.msgstr != e.msgid)]
    assert not wrong, "zh_Hans entries whose msgstr is not the msgid (run make messages):\n" + "\n".join(wrong)


def test_english_catalogue_is_english_with_the_same_placeholders():
    catalogue = po("en")
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=2;")
    problems = []
    for e in catalogue:
        wanted = sorted(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for text in (e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]):
            if sorted(PLACEHOLDER.findall(text)) != wanted and not (e.msgid_plural and len(wanted) > 1):
                problems.append(f"placeholders differ: {e.msgid} -> {text}")
            rest = text
            for word in KEPT_IN_ENGLISH:
                rest = rest.replace(word, "")
            if CJK.search(rest):
                problems.append(f"Chinese left in the translation: {e.msgid} -> {text}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_the_po_file(locale):
    source = {key(e): value(e) for e in po(locale) if "fuzzy" not in e.flags and not e.obsolete}
    compiled = {key(e): value(e) for e in mo(locale) if e.msgid}
    assert compiled == source, (f"fazhi/locale/{locale}/LC_MESSAGES/django.mo is not the compiled django.po: "
                                "run make messages")


def test_catalogue_is_current(tmp_path, settings, monkeypatch):
    """Extract the msgids again (Django's makemessages over a copy of the package) and compare."""
    missing_tools = [t for t in ("xgettext", "msguniq", "msgmerge") if shutil.which(t) is None]
    if missing_tools:
        pytest.fail(f"GNU gettext is not installed ({', '.join(missing_tools)} missing): the catalogue check "
                    "needs it (apt-get install gettext)", pytrace=False)
    copy = tmp_path / "fazhi"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc"))
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, no_location=True, verbosity=0)
    fresh = {key(e) for e in polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))}
    committed = {key(e) for e in po("en")}
    assert fresh, "makemessages extracted nothing"
    missing = sorted(fresh - committed, key=str)
    stale = sorted(committed - fresh, key=str)
    assert not missing, ("these msgids are missing from fazhi/locale/en/LC_MESSAGES/django.po, run make messages "
                         "and translate them:\n" + "\n".join(str(m) for m in missing))
    assert not stale, ("these msgids are no longer used, run make messages:\n"
                       + "\n".join(str(m) for m in stale))
    assert {key(e) for e in po("zh_Hans")} == committed, "the two catalogues differ: run make messages"


# ---- the pages in English ----------------------------------------------------------------------------
class _Text(HTMLParser):
    """Text nodes and human-readable attributes, without scripts, styles and what is marked as Chinese
    on purpose (the language switch names the other language in that language: lang="zh-CN")."""

    ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip = 0
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style") or (a.get("lang") or "").lower().startswith("zh") and tag != "html":
            self.skipping.append(tag)
            self.skip += 1
        if self.skip:
            return
        for name, val in attrs:
            if name in self.ATTRIBUTES and val:
                self.chunks.append(val)
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.chunks.append(a["value"])

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.chunks.append(data.strip())


def texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


def data_strings() -> list[str]:
    """Everything on the pages that is data, not the application's own text: it stays as entered."""
    from fazhi.core.models import Agency, User
    from fazhi.licensing.models import Item, Material, SubmittedMaterial
    from fazhi.workdays.models import CalendarYear, SpecialDay

    out: set[str] = set()
    for a in Agency.objects.all():
        out.update([a.name, a.address])
    for u in User.objects.all():
        out.update([u.full_name, u.address])
    for it in Item.objects.all():
        out.update([it.name, it.legal_basis, it.conditions, it.fee, it.channels, it.contact, it.address,
                    it.office_hours])
        for field in it.form_fields:
            out.update([field.get("label", ""), field.get("help", "")])
    for m in Material.objects.all():
        out.update([m.name, m.note, m.formats])
    for c in Case.objects.all():
        out.update([c.party_name, c.party_address, mask_party(c.party_name, c.party_kind == "person")])
        out.update(str(v) for v in (c.data.get("fields") or {}).values())
    for e in CaseEvent.objects.all():
        out.add(e.comment)
        out.update(str(v) for v in e.data.get("missing_materials", []))
    for c in Clock.objects.all():
        out.add(c.legal_basis)
    for x in ClockExtension.objects.all():
        out.update([x.reason, x.legal_basis])
    for d in CaseDocument.objects.all():
        out.update([d.title, d.number])
    out.update(SubmittedMaterial.objects.values_list("original_name", flat=True))
    out.update(SpecialDay.objects.values_list("name", flat=True))
    out.update(CalendarYear.objects.values_list("note", flat=True))
    # Law citations of the process definition (legal bases are Chinese law, not translated).
    for t in LICENSING.transitions:
        out.add(str(t.legal_basis))
    for c in LICENSING.clocks:
        out.update([c.legal_basis, c.extension_basis])
    # The calendar file format: its example rows (holiday names) and the Chinese spellings a file may use.
    out.update(["春节调休上班", "春节", "\"休\"", "\"班\"", "日期,类型,名称"])
    lines = {line.strip() for s in out if s for line in s.splitlines()}
    return sorted((s for s in out | lines if s and CJK.search(s)), key=len, reverse=True)


def chinese_left(html: str) -> list[str]:
    strip = data_strings()
    left = []
    for chunk in texts(html):
        rest = chunk
        for s in strip:
            if s in rest:
                rest = rest.replace(s, "")
        if CJK.search(rest):
            left.append(chunk)
    return left


def english(user=None) -> Client:
    c = Client()
    c.cookies["django_language"] = "en"
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def required_uploads(item):
    return [Upload(m.code, f"{m.code}.pdf", f.pdf_bytes(m.name)) for m in item.materials.all() if m.required]


def fire(case, name, actor, comment="", **data):
    return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data)


@pytest.fixture
def cases(world, today):
    """One case under review (extended, then suspended for a hearing) and one granted (published)."""
    u = world.users
    busy, busy_code = application_submit(item=world.item, actor=u["citizen"], fields=f.valid_fields(world.item),
                                         uploads=required_uploads(world.item), channel="online")
    fire(busy, "accept", u["clerk"])
    fire(busy, "extend", u["director"], comment="需征求省档案馆意见")
    fire(busy, "suspend", u["handler"], comment="申请人要求听证", pause_reason="听证")
    done, _code = application_submit(item=world.item, actor=u["company"], fields=f.valid_fields(world.item),
                                     uploads=required_uploads(world.item), channel="online")
    fire(done, "accept", u["clerk"])
    fire(done, "propose", u["handler"], comment="符合条件", opinion="grant")
    fire(done, "head_approve", u["head"])
    fire(done, "grant", u["director"], licence_scope="准予携带档案复制件出境")
    waiting, _code = application_submit(item=world.item, actor=u["citizen2"], fields=f.valid_fields(world.item),
                                        uploads=required_uploads(world.item), channel="online")
    return {"busy": Case.objects.get(pk=busy.pk), "busy_code": busy_code, "done": Case.objects.get(pk=done.pk),
            "waiting": waiting}


PAGES = [
    # (name, who, url or callable, words that must appear)
    ("home", None, "/", ["Online administrative licensing", "Service guides", "Track a case", "Log in"]),
    ("guides", None, "/guides/", ["Service guides", "Implementing agency", "Apply online"]),
    ("guide", None, lambda w, c: f"/guides/{w.item.code}/",
     ["Time limits", "Acceptance review period: 5 working days", "Decision period: 20 working days",
      "may be extended", "Remedies", "administrative reconsideration", "Awaiting acceptance",
      "Deemed accepted (no notice within the time limit)"]),
    ("login", None, "/login/", ["Log in", "Username", "Password", "15 minutes"]),
    ("track", None, "/track/", ["Track a case", "Case number", "Tracking code", "Search"]),
    ("publicity", None, "/publicity/", ["Published licensing decisions", "Granted", "Decided"]),
    ("inbox", "handler", "/staff/inbox/", ["Inbox", "Due date", "Case number", "Status"]),
    ("case", "handler", lambda w, c: f"/cases/{c['busy'].pk}/",
     ["Statutory time limits", "Decision period", "Suspended: Hearing", "Extended by 10 days",
      "History", "Accept", "Suspend review", "Documents", "Flowchart", "Resume review",
      "Counted in working days", "Suspended (hearing, inspection, appraisal, expert review)"]),
    ("case-applicant", "company", lambda w, c: f"/cases/{c['done'].pk}/",
     ["Granted", "Statutory time limits", "History", "administrative reconsideration"]),
    ("case-clerk", "clerk", lambda w, c: f"/cases/{c['waiting'].pk}/",
     ["Awaiting acceptance", "Accept", "Request correction", "Not accepted", "working days left"]),
    ("counter", "clerk", "/staff/intake/", ["Counter intake", "Licensing item", "Applicant type", "Channel",
                                             "scan, optional", "Register"]),
    ("statistics", "clerk", "/staff/statistics/", ["Licensing statistics", "Online share", "By outcome"]),
    ("calendar", "sysadmin", "/calendar/", ["Working-day calendar", "Years loaded", "Load a year's public holidays",
                                            "Calendar file", "Replace the data already loaded"]),
    ("my-cases", "citizen", "/my/", ["My cases", "Case number", "Status"]),
    ("apply", "citizen", lambda w, c: f"/guides/{w.item.code}/apply/",
     ["Apply online", "Applicant", "Natural person", "Materials (PDF, JPEG, PNG or OFD", "Submit application"]),
    ("receipt", "citizen", lambda w, c: f"/cases/{c['busy'].pk}/receipt/", ["Case number", "Received", "Status"]),
    ("register", None, "/register/", ["Register a public account", "Account type", "Confirm password"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, who, url, words", PAGES, ids=[p[0] for p in PAGES])
def test_page_in_english_has_no_untranslated_text(name, who, url, words, world, cases):
    client = english(world.users[who] if who else None)
    r = client.get(url(world, cases) if callable(url) else url)
    assert r.status_code == 200, (name, r.status_code)
    assert r["Content-Language"] == "en"
    html = r.content.decode()
    assert '<html lang="en">' in html
    text = " ".join(texts(html))
    for word in words:
        assert word in text, f"{name}: {word!r} not on the page"
    left = chinese_left(html)
    assert not left, f"{name}: untranslated text in English: {left}"


@pytest.mark.django_db
def test_tracking_result_in_english(world, cases):
    c = english()
    busy = cases["busy"]
    r = c.post("/track/", {"number": busy.number, "code": cases["busy_code"]})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Review suspended (the time is not counted toward the time limit)" in html
    assert "Acceptance review period" not in html  # stopped clocks are not listed
    assert "Submitted" in html or "Accept" in html
    assert not chinese_left(html), chinese_left(html)
    r = c.post("/track/", {"number": busy.number, "code": "WRONG123"})
    assert "Wrong case number or tracking code." in r.content.decode()


@pytest.mark.django_db
def test_the_same_pages_stay_chinese_by_default(world, cases):
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    c.force_login(world.users["handler"], backend=BACKEND)
    html = c.get(f"/cases/{cases['busy'].pk}/").content.decode()
    assert "法定期限" in html and "审查决定期限" in html and "中止：听证" in html and "2026年11月2日" in html
    assert "Statutory" not in html
    html = c.get("/staff/inbox/").content.decode()
    assert "待办" in html and "届满日" in html and "Inbox" not in html


@pytest.mark.django_db
def test_forms_report_errors_in_english(world):
    c = english()
    r = c.post("/register/", {"kind": "person", "username": "x", "full_name": "", "id_number": "123",
                              "password1": "a", "password2": "b"})
    html = r.content.decode()
    assert r.status_code == 400
    assert "A username may only contain letters" in html and "This field is required." in html
    assert "The two passwords do not match." in html
    assert not chinese_left(html), chinese_left(html)


@pytest.mark.django_db
def test_application_errors_in_english(world, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = english(world.users["citizen"])
    first = world.item.materials.filter(required=True).first()
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 32
    r = c.post(f"/guides/{world.item.code}/apply/",
               {f"material_{first.code}": SimpleUploadedFile("scan.pdf", png)})
    html = r.content.decode()
    assert r.status_code == 400
    assert "The application was not submitted. Please correct the following:" in html
    assert "Please fill in" in html and "Please upload the required material" in html
    assert "The file content does not match its extension (content is PNG, extension is .pdf)" in html
    assert not chinese_left(html), chinese_left(html)


# ---- stored labels and documents stay Chinese --------------------------------------------------------
@pytest.mark.django_db
def test_acting_in_english_stores_chinese_and_issues_chinese_documents(world, today):
    u = world.users
    case, _code = application_submit(item=world.item, actor=u["citizen"], fields=f.valid_fields(world.item),
                                     uploads=required_uploads(world.item), channel="online")
    clerk = english(u["clerk"])
    r = clerk.post(f"/cases/{case.pk}/", {"transition": "accept"})
    assert r.status_code == 302
    assert "Done." in clerk.get(r["Location"]).content.decode()
    handler = english(u["handler"])
    r = handler.post(f"/cases/{case.pk}/", {"transition": "suspend", "tf_pause_reason": "听证",
                                            "comment": "申请人要求听证"})
    assert r.status_code == 302
    with translation.override("en"):
        fire(case, "resume", u["handler"])
        fire(case, "extend", u["director"], comment="需要核对")
    events = list(CaseEvent.objects.filter(case=case).values_list("label", flat=True))
    assert events == ["提交申请", "受理", "中止审查（听证、检验、鉴定、专家评审）", "恢复审查", "批准延长审查期限十日"]
    assert sorted(Clock.objects.filter(case=case).values_list("label", flat=True)) == ["受理审查期限", "审查决定期限"]
    assert list(ClockPause.objects.filter(clock__case=case).values_list("reason", flat=True)) == ["听证"]
    documents = list(CaseDocument.objects.filter(case=case))
    assert sorted(d.kind for d in documents) == ["acceptance", "extension"]
    for doc in documents:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(doc.file.read())).paragraphs)
        assert CJK.search(doc.title) and "通知书" in text, doc.kind
        # The tracking number (HLJ-XK2026-000001) is an identifier, not English.
        english_words = re.findall(r"[A-Za-z]{3,}", text.replace(case.number, ""))
        assert not english_words, (doc.kind, english_words)


@pytest.mark.django_db
def test_system_actor_is_stored_in_chinese_and_shown_in_english(world, today):
    from fazhi.core import clock as sysclock
    from fazhi.process.services import clocks_tick

    u = world.users
    case, _code = application_submit(item=world.item, actor=u["citizen"], fields=f.valid_fields(world.item),
                                     uploads=required_uploads(world.item), channel="online")
    sysclock.set_today(today + dt.timedelta(days=14))
    with translation.override("en"):
        assert clocks_tick() == [(case.number, "deemed_accept")]
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.label, event.actor_label) == ("视为受理（逾期未告知）", "系统（法定期限计时）")
    html = english(u["handler"]).get(f"/cases/{case.pk}/").content.decode()
    assert "Deemed accepted (no notice within the time limit)" in html
    assert "System (statutory time limit)" in html


# ---- the API -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_api_errors_follow_the_language_cookie_not_accept_language(world):
    url = "/api/v1/calendar/deadline?start=2026/01/01&days=x&unit=week"
    r = Client(HTTP_ACCEPT_LANGUAGE="en").get(url)
    assert r.status_code == 400 and "期间天数应为整数" in r.json()["message"]
    r = english().get(url)
    body = r.json()
    assert r.status_code == 400 and body["error"] == "invalid"
    assert body["fields"]["days"] == ["The number of days must be a whole number."]
    assert body["fields"]["unit"] == ["The unit must be workday (working days) or calendar (calendar days)."]
    assert "Wrong date format" in body["fields"]["start"][0]
    assert not CJK.search(body["message"]), body["message"]
    r = english().get("/api/v1/licensing/items/no-such-item")
    assert r.status_code == 404 and r.json()["message"] == "No such item."
    r = english().get("/api/v1/cases/1")
    assert r.status_code == 401 and r.json()["message"] == "Log in or provide a valid token."


@pytest.mark.django_db
def test_api_case_labels_in_english(world, today):
    u = world.users
    case, _code = application_submit(item=world.item, actor=u["citizen"], fields=f.valid_fields(world.item),
                                     uploads=required_uploads(world.item), channel="online")
    c = english(u["clerk"])
    body = c.get(f"/api/v1/cases/{case.pk}").json()
    assert body["state_label"] == "Awaiting acceptance"
    assert body["clocks"][0]["label"] == "Acceptance review period"
    assert body["events"][0]["label"] == "Submit application"
    assert {t["label"] for t in body["transition_details"]} >= {"Accept", "Request correction"}
    r = c.post(f"/api/v1/cases/{case.pk}/transitions/propose", {}, content_type="application/json")
    assert r.status_code == 409
    assert r.json()["message"] == 'The case is "Awaiting acceptance": "Propose a review opinion" is not possible now.'


# ---- language-dependent helpers -------------------------------------------------------------------------
def test_flowchart_is_drawn_in_the_active_language():
    from fazhi.process.flowchart import flowchart_svg

    with translation.override("en"):
        en = flowchart_svg("licensing", "submitted")
    with translation.override("zh-hans"):
        zh = flowchart_svg("licensing", "submitted")
    assert "Awaiting acceptance" in en and "Decision period: 20 working days" in en and not CJK.search(en)
    assert "待受理" in zh and "审查决定期限20个工作日" in zh and "Awaiting" not in zh


def test_dates_and_durations():
    from fazhi.portal.templatetags.fazhi_tags import cn_date, duration

    day = dt.date(2026, 11, 29)
    with translation.override("zh-hans"):
        assert (cn_date(day), duration(20, "workday"), duration(1, "calendar")) == ("2026年11月29日", "20个工作日", "1日")
    with translation.override("en"):
        assert (cn_date(day), duration(20, "workday"), duration(1, "workday")) == (
            "29 Nov 2026", "20 working days", "1 working day")
