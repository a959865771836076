"""The permission matrix: every page and endpoint, for anonymous, each public account, each staff role,
staff of a subordinate agency and staff of another agency. "Not found" and "not yours" answer the same.

Two tables: ``URLS`` (licensing, cases, the first inspection and enforcement pages; ``test_permission_matrix``,
one test per actor, fixtures below) and ``MORE`` (every other route; ``test_permission_matrix_every_route``, one
world filled by every app's demo loader). tests/test_route_coverage.py fails when a route of the URL conf or
an operation of the API is in neither (or in the allow-list of routes public by nature)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from fazhi.licensing.services import Upload, application_submit
from tests import factories as f

BACKEND = "django.contrib.auth.backends.ModelBackend"
ACTORS = ["anonymous", "citizen", "citizen2", "company", "clerk", "handler", "head", "deputy", "director", "legal",
          "officer1", "sysadmin", "secadmin", "auditor", "city_clerk", "other_clerk", "other_handler"]
PUBLIC = {"citizen", "citizen2", "company"}
ADMINS = {"sysadmin", "secadmin", "auditor"}
HOME_BUSINESS = {"clerk", "handler", "head", "deputy", "director", "legal", "officer1"}
FOREIGN_STAFF = {"city_clerk", "other_clerk", "other_handler"}
CLERKS = {"clerk", "city_clerk", "other_clerk"}
TASK_MANAGERS = {"head", "deputy", "director", "officer1"}


def expected(row: str, actor: str) -> int:
    """What each actor gets. Redirects to the login page are 302."""
    anon = actor == "anonymous"
    owner = actor == "citizen"
    if row in ("home", "guides", "guide", "track", "publicity", "api_items", "api_deadline", "insp_public_items",
               "insp_public_results", "insp_public_task", "insp_verify", "api_insp_items", "api_insp_record"):
        return 200
    if row in ("insp_tasks",):
        if anon:
            return 302
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 404
    if row in ("insp_task", "insp_inspection"):
        if anon:
            return 302
        return 200 if actor in HOME_BUSINESS else 404
    if row == "insp_task_new":
        if anon:
            return 302
        return 200 if actor in TASK_MANAGERS else 404
    if row in ("api_insp_task", "api_insp_inspections"):
        if anon:
            return 401
        return 200 if actor in HOME_BUSINESS else 404
    # ---- enforcement (issue 4) ----
    if row in ("off_public", "api_off_list", "api_off_detail", "pen_public", "api_pen_decisions", "insp_public_planned",
               "disc_public", "api_disc_list", "pow_public", "api_powers", "dec_public", "api_dec_public",
               "norm_index", "norm_repealed", "norm_search", "norm_laws", "api_norm_list", "api_norm_laws",
               "rec_committee", "api_rec_committee", "req_index", "api_req_kinds", "edu_activities", "rep_public",
               "api_rep_published"):
        return 200
    if row in ("pen_cases", "off_list", "disc_evaluate", "pow_manage", "dec_register", "norm_staff", "norm_flags",
               "comp_list", "pet_register", "adv_index", "disc_stats", "rec_register", "req_staff", "ass_index",
               "edu_index", "rep_dashboard"):
        if anon:
            return 302
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 404
    if row in ("pen_case", "pen_record", "off_detail", "insp_planned_task", "dec_case"):
        if anon:
            return 302
        return 200 if actor in HOME_BUSINESS else 404
    if row == "api_pen_evidence":
        if anon:
            return 401
        return 200 if actor in HOME_BUSINESS else 404
    if row in ("api_comp_list", "api_pet_list", "api_rep_figures"):
        if anon:
            return 401
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 403
    if row == "api_disc_stats":
        if anon:
            return 401
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 404
    if row == "req_new_report":
        return 404 if actor in ADMINS else 200
    if row == "api_dec_list":
        if anon:
            return 401
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 403
    if row == "api_dec_case":
        if anon:
            return 401
        return 200 if actor in HOME_BUSINESS else 404
    if row == "api_off_expiring":
        if anon:
            return 401
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 403
    if row == "apply":
        return 302 if (anon or actor not in PUBLIC) else 200
    if row == "my":
        return 302 if (anon or actor not in PUBLIC) else 200
    if row == "api_statistics":
        if anon:
            return 401
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 403
    if row == "track_document":
        return 404  # only after a successful number + code lookup in the same session
    if row in ("case", "case_document", "case_material", "receipt"):
        if anon:
            return 302
        return 200 if (owner or actor in HOME_BUSINESS) else 404
    if row in ("api_case", "api_documents", "api_document"):
        if anon:
            return 401
        return 200 if (owner or actor in HOME_BUSINESS) else 404
    if row == "api_accept":
        if anon:
            return 401
        if actor == "clerk":
            return 200
        return 409 if (owner or actor in HOME_BUSINESS) else 404
    if row in ("inbox", "statistics"):
        if anon:
            return 302
        return 200 if (actor in HOME_BUSINESS or actor in FOREIGN_STAFF) else 404
    if row == "intake":
        if anon:
            return 302
        return 200 if actor in CLERKS else 404
    if row == "calendar":
        if anon:
            return 302
        return 404 if actor in PUBLIC else 200
    raise AssertionError(row)


@pytest.fixture
def matrix_case(world, today):
    it = world.item
    ups = [Upload(m.code, f"{m.code}.pdf", f.pdf_bytes()) for m in it.materials.all() if m.required]
    case, _ = application_submit(item=it, actor=world.users["citizen"], fields=f.valid_fields(it), uploads=ups,
                                 channel="online")
    # A document on the case: a correction notice issued and answered, back to "submitted".
    from fazhi.process.services import case_fire

    case_fire(case_id=case.pk, transition="request_correction", actor=world.users["clerk"],
              data={"missing_materials": ["申请书"]})
    from fazhi.licensing.services import application_resubmit

    application_resubmit(case=case, actor=world.users["citizen"], uploads=[Upload("application", "a.pdf", f.pdf_bytes())])
    case.refresh_from_db()
    return case


ROWS = ["home", "guides", "guide", "apply", "my", "track", "publicity", "case", "case_document", "case_material",
        "inbox", "intake", "statistics", "calendar", "api_items", "api_deadline", "api_case", "api_documents",
        "api_document", "api_statistics", "receipt", "track_document", "insp_tasks", "insp_task", "insp_task_new",
        "insp_inspection", "insp_public_items", "insp_public_results", "insp_public_task", "insp_verify",
        "api_insp_items", "api_insp_task", "api_insp_record", "api_insp_inspections", "api_accept",
        "off_public", "off_list", "off_detail", "api_off_list", "api_off_detail", "api_off_expiring",
        "pen_cases", "pen_case", "pen_record", "pen_public", "api_pen_decisions", "api_pen_evidence",
        "insp_planned_task", "insp_public_planned", "disc_public", "disc_evaluate", "api_disc_list",
        "pow_public", "pow_manage", "api_powers", "dec_register", "dec_public", "dec_case", "api_dec_list",
        "api_dec_case", "api_dec_public", "norm_index", "norm_repealed", "norm_search", "norm_laws", "norm_staff",
        "norm_flags", "api_norm_list", "api_norm_laws", "comp_list", "api_comp_list", "pet_register", "api_pet_list",
        "adv_index", "disc_stats", "api_disc_stats", "rec_committee", "api_rec_committee", "rec_register", "req_index",
        "req_new_report", "req_staff", "api_req_kinds", "ass_index", "edu_index", "edu_activities", "rep_dashboard",
        "rep_public", "api_rep_figures", "api_rep_published"]


@pytest.fixture
def matrix_task(world, today):
    """A drawn task with its inspections started (its record is public, its inspections are staff-only)."""
    import datetime as dt

    from fazhi.core.demo.load import make_uscc
    from fazhi.inspection.inspections import task_start_inspections
    from fazhi.inspection.models import Entity, InspectionItem, Officer
    from fazhi.inspection.services import task_commit, task_create, task_draw

    InspectionItem.objects.create(agency=world.agency, code="m-1", name="检查事项", legal_basis="依据", subject="企业",
                                  method="现场检查")
    for n in range(1, 6):
        Entity.objects.create(uscc=make_uscc("91", "230100", f"MB{n:06d}"), name=f"单位{n}", kind="enterprise",
                              region_code="230102", risk_class="B")
    for i in range(1, 4):
        Officer.objects.create(agency=world.agency, name=f"员{i}", certificate_number=f"M-{i}", issuing_authority="省政府",
                               valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))
    head = world.users["head"]
    task = task_create(actor=head, title="矩阵任务", year=2026, item_codes=["m-1"], quota_spec={"B": {"count": 2}},
                       beacon_source="测试来源")
    task_commit(task_id=task.pk, actor=head)
    task_draw(task_id=task.pk, actor=head, beacon_value="1 2 3")
    return task_start_inspections(task_id=task.pk, actor=head)


@pytest.fixture
def matrix_penalty(world, matrix_task):
    """A filed penalty case with a signed record, and a started planned inspection task."""
    from fazhi.enforcement.services import evidence_add, penalty_register
    from fazhi.inspection.models import Entity
    from fazhi.inspection.planned import planned_task_create, planned_task_start
    from fazhi.process.services import case_fire

    entity = Entity.objects.first()
    case = penalty_register(actor=world.users["officer1"], source="own", source_detail="线索",
                            party={"name": entity.name, "id_number": entity.uscc, "address": "某路1号"},
                            party_type="unit")
    case_fire(case_id=case.pk, transition="file_case", actor=world.users["director"], comment="同意",
              data={"investigators": ["M-1", "M-2"], "party_type": "unit"})
    evidence = evidence_add(case_id=case.pk, actor=world.users["officer1"], kind="inquiry", title="询问",
                            recorded_on=case.received_on, content="问：……\n答：……", officers=["M-1", "M-2"])
    planned = planned_task_create(actor=world.users["head"], title="计划检查", year=2026, item_codes=["m-1"],
                                  targets=[{"target": entity.uscc, "inspectors": ["M-1", "M-2"]}])
    planned_task_start(task_id=planned.pk, actor=world.users["head"])
    from fazhi.decisions.services import decision_create

    decision = decision_create(actor=world.users["head"], title="某规划", category="plan", drafting_unit="办公室",
                               draft_text="草案正文")
    return case, evidence, planned, decision


# The rows of test_permission_matrix: (method, URL template); the templates' fields are filled from the
# objects of the fixtures (tests/test_route_coverage.py fills them with 1 to find each row's route).
URLS = {
    "home": ("get", "/"),
    "guides": ("get", "/guides/"),
    "guide": ("get", "/guides/{code}/"),
    "apply": ("get", "/guides/{code}/apply/"),
    "my": ("get", "/my/"),
    "track": ("get", "/track/"),
    "publicity": ("get", "/publicity/"),
    "case": ("get", "/cases/{case}/"),
    "case_document": ("get", "/cases/{case}/documents/{doc}/"),
    "case_material": ("get", "/cases/{case}/materials/{material}/"),
    "inbox": ("get", "/staff/inbox/"),
    "intake": ("get", "/staff/intake/"),
    "statistics": ("get", "/staff/statistics/"),
    "calendar": ("get", "/calendar/"),
    "api_items": ("get", "/api/v1/licensing/items"),
    "api_deadline": ("get", "/api/v1/calendar/deadline?start=2026-11-02&days=5&unit=workday"),
    "api_case": ("get", "/api/v1/cases/{case}"),
    "api_documents": ("get", "/api/v1/cases/{case}/documents"),
    "api_document": ("get", "/api/v1/cases/{case}/documents/{doc}"),
    "api_statistics": ("get", "/api/v1/licensing/statistics?year=2026"),
    "receipt": ("get", "/cases/{case}/receipt/"),
    "track_document": ("get", "/track/{case}/documents/{doc}/"),
    "insp_tasks": ("get", "/inspection/tasks/"),
    "insp_task": ("get", "/inspection/tasks/{task}/"),
    "insp_task_new": ("get", "/inspection/tasks/new/"),
    "insp_inspection": ("get", "/inspection/inspections/{inspection}/"),
    "insp_public_items": ("get", "/inspection/public/items/"),
    "insp_public_results": ("get", "/inspection/public/results/"),
    "insp_public_task": ("get", "/inspection/public/tasks/{task}/"),
    "insp_verify": ("get", "/inspection/verify/"),
    "api_insp_items": ("get", "/api/v1/inspection/items"),
    "api_insp_task": ("get", "/api/v1/inspection/tasks/{task}"),
    "api_insp_record": ("get", "/api/v1/inspection/tasks/{task}/record"),
    "api_insp_inspections": ("get", "/api/v1/inspection/tasks/{task}/inspections"),
    "api_accept": ("post", "/api/v1/cases/{case}/transitions/accept"),
    "off_public": ("get", "/officers/public/"),
    "off_list": ("get", "/officers/"),
    "off_detail": ("get", "/officers/{officer}/"),
    "api_off_list": ("get", "/api/v1/enforcement/officers"),
    "api_off_detail": ("get", "/api/v1/enforcement/officers/{officer}"),
    "api_off_expiring": ("get", "/api/v1/enforcement/officers/expiring"),
    "pen_cases": ("get", "/enforcement/"),
    "pen_case": ("get", "/cases/{penalty_case}/"),
    "pen_record": ("get", "/enforcement/evidence/{evidence}/record.docx"),
    "pen_public": ("get", "/enforcement/public/decisions/"),
    "api_pen_decisions": ("get", "/api/v1/enforcement/decisions"),
    "api_pen_evidence": ("get", "/api/v1/enforcement/cases/{penalty_case}/evidence"),
    "insp_planned_task": ("get", "/inspection/planned/{planned}/"),
    "insp_public_planned": ("get", "/inspection/public/planned/"),
    "disc_public": ("get", "/discretion/"),
    "disc_evaluate": ("get", "/discretion/evaluate/"),
    "api_disc_list": ("get", "/api/v1/enforcement/standards"),
    "pow_public": ("get", "/powers/"),
    "pow_manage": ("get", "/powers/manage/"),
    "api_powers": ("get", "/api/v1/powers/versions?agency=hlj"),
    "dec_register": ("get", "/decisions/"),
    "dec_public": ("get", "/decisions/public/"),
    "dec_case": ("get", "/cases/{decision}/"),
    "api_dec_list": ("get", "/api/v1/norms/decisions"),
    "api_dec_case": ("get", "/api/v1/norms/decisions/{decision}"),
    "api_dec_public": ("get", "/api/v1/norms/decisions/public"),
    "norm_index": ("get", "/norms/"),
    "norm_repealed": ("get", "/norms/repealed/"),
    "norm_search": ("get", "/norms/search/?q=档案"),
    "norm_laws": ("get", "/norms/laws/"),
    "norm_staff": ("get", "/norms/staff/"),
    "norm_flags": ("get", "/norms/staff/flags/"),
    "api_norm_list": ("get", "/api/v1/norms/documents?status=valid"),
    "api_norm_laws": ("get", "/api/v1/norms/laws"),
    "comp_list": ("get", "/complaints/"),
    "api_comp_list": ("get", "/api/v1/complaints"),
    "pet_register": ("get", "/petitions/"),
    "api_pet_list": ("get", "/api/v1/petitions"),
    "adv_index": ("get", "/advisers/"),
    "disc_stats": ("get", "/disclosure/statistics/"),
    "api_disc_stats": ("get", "/api/v1/disclosure/statistics?year=2026"),
    "rec_committee": ("get", "/reconsideration/committee/"),
    "api_rec_committee": ("get", "/api/v1/reconsideration/committee"),
    "rec_register": ("get", "/reconsideration/"),
    "req_index": ("get", "/requests/"),
    "req_new_report": ("get", "/requests/new/report/"),
    "req_staff": ("get", "/requests/staff/"),
    "api_req_kinds": ("get", "/api/v1/requests/kinds"),
    "ass_index": ("get", "/assessment/"),
    "edu_index": ("get", "/education/"),
    "edu_activities": ("get", "/education/activities/"),
    "rep_dashboard": ("get", "/reports/dashboard/"),
    "rep_public": ("get", "/reports/public/"),
    "api_rep_figures": ("get", "/api/v1/reports/figures?year=2026"),
    "api_rep_published": ("get", "/api/v1/reports/published"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(world, matrix_case, matrix_task, matrix_penalty, actor):
    case = matrix_case
    task = matrix_task
    penalty_case, evidence, planned, decision = matrix_penalty
    from fazhi.inspection.models import Officer

    officer = Officer.objects.first()
    inspection = task.inspections.first()
    doc = case.documents.first()
    material = case.licensing.files.first()
    ctx = {"code": world.item.code, "case": case.pk, "doc": doc.pk, "material": material.pk, "task": task.pk,
           "inspection": inspection.pk, "officer": officer.pk, "penalty_case": penalty_case.pk,
           "evidence": evidence.pk, "planned": planned.pk, "decision": decision.pk}
    problems = []
    for row in ROWS:
        client = Client()
        if actor != "anonymous":
            client.force_login(world.users[actor], backend=BACKEND)
        method, template = URLS[row]
        url = template.format(**ctx)
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data={"comment": "", "data": {}}, content_type="application/json")
        want = expected(row, actor)
        if response.status_code != want:
            problems.append(f"{row}: got {response.status_code}, want {want}")
    assert not problems, f"{actor}: " + "; ".join(problems)


@pytest.mark.django_db
def test_missing_and_foreign_cases_answer_alike(world, matrix_case):
    client = Client()
    client.force_login(world.users["citizen2"], backend=BACKEND)
    foreign = client.get(f"/api/v1/cases/{matrix_case.pk}")
    missing = client.get("/api/v1/cases/999999")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    page_foreign = client.get(f"/cases/{matrix_case.pk}/")
    page_missing = client.get("/cases/999999/")
    assert page_foreign.status_code == page_missing.status_code == 404


# Groups of actors for the expectations of MORE (the objects of demo_world belong to the home agency "hlj").
GROUPS = {
    "outside": PUBLIC | ADMINS | FOREIGN_STAFF,  # everyone logged in who is not business staff of hlj
    "elsewhere": FOREIGN_STAFF,  # business staff of the subordinate (harbin) and of another agency
    "business": HOME_BUSINESS | FOREIGN_STAFF,
    "home": HOME_BUSINESS,
    "public": PUBLIC,
    "admins": ADMINS,
    "managers": TASK_MANAGERS,
}


def E(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per actor: ``default`` for everyone, then each override in order (a group of GROUPS or
    an actor). 302 on a page is the redirect to the login page (anonymous) or, after a write, back to the page
    with the service's message; the API rows of the same service show which roles it accepts."""
    out = dict.fromkeys(ACTORS, default)
    for name, status in overrides.items():
        for actor in GROUPS.get(name, {name}):
            assert actor in out, name
            out[actor] = status
    return out


@dataclass(frozen=True)
class Row:
    """A request of the matrix: GET, or a write with a body that passes the schema (JSON for the API, a form for
    the pages; every write is rolled back). ``expect``: actor → status (see ``expect``)."""

    method: str
    url: str
    expect: dict
    body: dict | None = None
    form: bool = False


_PARTY = {"name": "某公司", "id_number": "91230100MA1B2C3D4X", "address": "某路1号"}
_ARCH_STAFF_PAGE = E(200, public=404, admins=404, anonymous=302)
_ARCH_SERVICE = "dag-fw-001"
_OI_ITEM = {"category": "plans", "title": "矩阵测试", "document_number": "", "summary": "", "body": "",
            "made_on": "2026-01-05"}
_DR_EDITORS = {"head": 302, "deputy": 302, "director": 302, "legal": 302, "anonymous": 302}
_OI_REVIEWERS = {"head": 302, "deputy": 302, "director": 302, "anonymous": 302}


# Read with E(): objects belong to hlj, so "outside" (public accounts, the three administrators, staff of harbin
# and of the other agency) get 404 on them and "elsewhere" staff see only their own agency's lists. Where a row
# expects 400 for a role that may not act, the service refuses with a ValidationError rather than
# PermissionDenied (inspection tasks: inspection/services._check_manager; staff filing a licensing application
# through the API: licensing/services.application_submit); 409 is an allowed actor on a record in the wrong state.
MORE = {
    # ---- licensing and cases ----
    "api_item": Row("get", "/api/v1/licensing/items/{code}", E(200)),
    "api_apply": Row("post", "/api/v1/licensing/applications", E(400, public=201, anonymous=401), {"item": "{code}", "fields": "{apply_fields}",
                                                             "materials": "{apply_materials}"}),
    "api_req_create": Row("post", "/api/v1/requests", E(400, admins=403), {"kind": "complaint", "fields": {}}),
    "api_req_track": Row("get", "/api/v1/requests/track?number=X&code=Y", E(404)),
    "req_staff_new": Row("get", "/requests/staff/new/complaint/", E(200, public=404, admins=404, anonymous=302)),
    # ---- inspection: tasks ----
    "insp_task_act": Row("post", "/inspection/tasks/{task}/publish/", E(302, outside=404), {}, form=True),
    "insp_planned_new": Row("get", "/inspection/planned/new/", E(404, managers=200, anonymous=302)),
    "insp_planned_act": Row("post", "/inspection/planned/{planned}/publish/", E(302, outside=404), {}, form=True),
    "insp_public_planned_task": Row("get", "/inspection/public/planned/{planned}/", E(200)),
    "api_insp_task_create": Row("post", "/api/v1/inspection/tasks", E(400, managers=201, anonymous=401),
                             {"title": "t", "year": 2026, "items": ["{item}"], "quota_spec": {"B": {"count": 1}},
                              "beacon_source": "s"}),
    "api_insp_commit": Row("post", "/api/v1/inspection/tasks/{task}/commit", E(400, outside=404, managers=409, anonymous=401), {}),
    "api_insp_draw": Row("post", "/api/v1/inspection/tasks/{task}/draw", E(400, outside=404, managers=409, anonymous=401), {"beacon_value": "1"}),
    "api_insp_cancel": Row("post", "/api/v1/inspection/tasks/{task}/cancel", E(400, outside=404, managers=409, anonymous=401), {"reason": "r"}),
    "api_insp_start": Row("post", "/api/v1/inspection/tasks/{task}/start", E(400, outside=404, managers=409, anonymous=401), {}),
    "api_insp_publish": Row("post", "/api/v1/inspection/tasks/{task}/publish", E(400, outside=404, managers=409, anonymous=401), {}),
    "api_insp_supplement": Row("post", "/api/v1/inspection/tasks/{task}/supplement", E(400, outside=404, managers=409, anonymous=401),
                            {"targets": [], "reason": "r", "beacon_source": "s"}),
    "api_insp_candidates": Row("get", "/api/v1/inspection/tasks/{task}/candidates", E(200)),
    "api_insp_planned_create": Row("post", "/api/v1/inspection/planned", E(400, managers=201, anonymous=401),
                                {"title": "t", "year": 2026, "items": ["{item}"],
                                 "targets": [{"target": "{uscc}", "inspectors": "{team}"}]}),
    "api_insp_planned_start": Row("post", "/api/v1/inspection/planned/{planned}/start", E(400, outside=404, managers=409, anonymous=401), {}),
    "api_insp_record_inspection": Row("post", "/api/v1/inspection/inspections/{inspection}/record", E(401, outside=404, home=400),
                                   {"inspected_on": "{today}", "officers_present": [], "findings": {},
                                    "outcome": "pass"}),
    # ---- inspection: the two directories ----
    "dir_entities": Row("get", "/inspection/entities/", E(200, public=404, admins=404, anonymous=302)),
    "dir_entities_import": Row("get", "/inspection/entities/import/", E(404, anonymous=302, head=200, officer1=200)),
    "dir_entities_export": Row("get", "/inspection/entities/export/", E(200, public=404, admins=404, anonymous=302)),
    "dir_officers": Row("get", "/inspection/officers/", E(200, public=404, admins=404, anonymous=302)),
    "dir_officers_import": Row("get", "/inspection/officers/import/", E(404, anonymous=302, head=200, officer1=200)),
    "dir_officers_export": Row("get", "/inspection/officers/export/", E(200, public=404, admins=404, anonymous=302)),
    "dir_batch": Row("get", "/inspection/imports/{batch}/", E(302, outside=404, home=200)),
    "api_dir_entities": Row("get", "/api/v1/inspection/entities", E(200, public=403, admins=403, anonymous=401)),
    "api_dir_entity": Row("get", "/api/v1/inspection/entities/{uscc}", E(200, public=403, admins=403, anonymous=401)),
    "api_dir_entity_post": Row("post", "/api/v1/inspection/entities", E(403, anonymous=401, head=200, officer1=200), {"uscc": "{uscc}"}),
    "api_dir_officers": Row("get", "/api/v1/inspection/officers", E(200, public=403, admins=403, anonymous=401)),
    "api_dir_officer": Row("get", "/api/v1/inspection/officers/{cert}", E(200, public=403, admins=403, anonymous=401)),
    "api_dir_officer_post": Row("post", "/api/v1/inspection/officers", E(403, anonymous=401, head=200, officer1=200), {"certificate_number": "{cert}"}),
    "api_dir_conflict_post": Row("post", "/api/v1/inspection/officers/{cert}/conflicts", E(403, anonymous=401, head=201, officer1=201), {"uscc": "{uscc}", "reason": "r"}),
    "api_dir_conflict_delete": Row("delete", "/api/v1/inspection/officers/{conflict_cert}/conflicts/{conflict_uscc}", E(403, anonymous=401, head=204, officer1=204)),
    # ---- officers ----
    "off_certificate": Row("post", "/officers/{officer}/certificate/", E(404, anonymous=302, director=400, legal=400), {}, form=True),
    "off_exams": Row("post", "/officers/{officer}/exams/", E(404, anonymous=302, director=400, legal=400), {}, form=True),
    "off_training": Row("post", "/officers/{officer}/training/", E(404, anonymous=302, director=400, legal=400), {}, form=True),
    "api_off_certificate": Row("post", "/api/v1/enforcement/officers/{officer}/certificate", E(403, outside=404, anonymous=401, director=422, legal=422), {"action": "suspend"}),
    "api_off_exams": Row("post", "/api/v1/enforcement/officers/{officer}/exams", E(403, outside=404, anonymous=401, director=201, legal=201),
                      {"date": "{today}", "subject": "s", "score": 90, "passed": True}),
    "api_off_training": Row("post", "/api/v1/enforcement/officers/{officer}/training", E(403, outside=404, anonymous=401, director=201, legal=201),
                         {"date": "{today}", "title": "t", "hours": 2}),
    # ---- discretion and enforcement ----
    "api_disc_standard": Row("get", "/api/v1/enforcement/standards/archives-law-2021", E(200)),
    "api_disc_evaluate": Row("post", "/api/v1/enforcement/standards/evaluate", E(422, public=403, admins=403, anonymous=401),
                          {"violation": "x", "party_type": "unit", "date": "{today}"}),
    "api_pen_create": Row("post", "/api/v1/enforcement/cases", E(403, managers=400, anonymous=401),
                       {"source": "own", "source_detail": "d", "party": _PARTY, "party_type": "unit"}),
    "api_pen_summary": Row("post", "/api/v1/enforcement/summary", E(403, managers=400, anonymous=401),
                        {"party": _PARTY, "party_type": "unit", "officers": [], "violation": "x",
                         "violation_date": "{today}", "facts": "f", "kind": "warning"}),
    "api_pen_evidence_add": Row("post", "/api/v1/enforcement/cases/{penalty}/evidence", E(403, outside=404, anonymous=401, head=201, officer1=201),
                             {"kind": "photo", "title": "t", "recorded_on": "{today}", "file": "@jpg"}, form=True),
    "pen_evidence_add": Row("post", "/enforcement/cases/{penalty}/evidence/", E(302, outside=404), {}, form=True),
    "pen_template": Row("get", "/enforcement/cases/{penalty}/templates/inquiry.docx", E(302, outside=404, home=200)),
    "pen_evidence_file": Row("get", "/enforcement/evidence/{photo}/file/", E(302, outside=404, home=200)),
    # ---- powers ----
    "pow_power": Row("get", "/powers/p/{power_code}/", E(200)),
    "pow_version": Row("get", "/powers/manage/v{version}/", E(302, outside=404, home=200)),
    "pow_draft_version": Row("get", "/powers/manage/v{draft_version}/", E(302, outside=404, home=200)),
    "pow_power_new": Row("get", "/powers/manage/v{draft_version}/new/", E(404, anonymous=302, head=200, director=200, legal=200)),
    "pow_manage_power": Row("get", "/powers/manage/v{draft_version}/p/{draft_power}/", E(404, anonymous=302, head=200, director=200, legal=200)),
    "pow_risks": Row("post", "/powers/manage/v{draft_version}/p/{draft_power}/risks/", E(404, anonymous=302, head=302, director=302, legal=302), {}, form=True),
    "pow_preview": Row("get", "/powers/manage/v{version}/p/{power}/preview/", E(302, outside=404, home=200)),
    "api_pow_list": Row("get", "/api/v1/powers?agency=hlj", E(200)),
    "api_pow_detail": Row("get", "/api/v1/powers/{power_code}?agency=hlj", E(200)),
    "api_pow_draft": Row("get", "/api/v1/powers/drafts/current", E(401, outside=404, home=200)),
    "api_pow_draft_create": Row("post", "/api/v1/powers/drafts", E(403, anonymous=401, head=400, director=400, legal=400), {"text": "t"}),
    "api_pow_draft_put": Row("put", "/api/v1/powers/drafts/powers/{power_code}", E(403, outside=404, anonymous=401, head=400, director=400, legal=400),
                          {"name": "n", "category": "licensing", "legal_basis": "b", "citations": [], "division": "d",
                           "posts": [], "responsibilities": [], "accountability": []}),
    "api_pow_draft_delete": Row("delete", "/api/v1/powers/drafts/powers/{power_code}", E(403, outside=404, anonymous=401, head=204, director=204, legal=204)),
    "api_pow_publish": Row("post", "/api/v1/powers/drafts/publish", E(403, outside=404, anonymous=401, director=200), {}),
    # ---- decisions and legislation ----
    "dec_draft": Row("post", "/decisions/{decision}/draft/", E(302, outside=404), {}, form=True),
    "dec_projects": Row("get", "/decisions/legislation/", E(200, public=404, admins=404, anonymous=302)),
    "dec_project": Row("get", "/decisions/legislation/{project}/", E(302, outside=404, home=200)),
    "api_dec_create": Row("post", "/api/v1/norms/decisions", E(403, anonymous=401, handler=201, head=201, deputy=201, director=201, other_handler=201), {"title": "t", "category": "plan", "drafting_unit": "u"}),
    "api_dec_consultations": Row("get", "/api/v1/norms/decisions/public/consultations", E(200)),
    "api_dec_catalogue": Row("get", "/api/v1/norms/decisions/public/catalogue", E(200)),
    "api_dec_catalogue_add": Row("post", "/api/v1/norms/decisions/catalogue", E(403, anonymous=401, head=201, deputy=201, director=201),
                              {"year": 2026, "title": "t", "category": "plan", "drafting_unit": "u"}),
    "api_dec_projects": Row("get", "/api/v1/norms/decisions/legislation", E(200, public=403, admins=403, anonymous=401)),
    "api_dec_project_create": Row("post", "/api/v1/norms/decisions/legislation", E(403, anonymous=401, handler=201, head=201, deputy=201, director=201, legal=201, other_handler=201),
                               {"title": "t", "kind": "government_rule", "drafting_unit": "u"}),
    "api_dec_project": Row("get", "/api/v1/norms/decisions/legislation/{project}", E(401, outside=404, home=200)),
    "api_dec_project_patch": Row("patch", "/api/v1/norms/decisions/legislation/{project}", E(200, outside=404, anonymous=401, clerk=403, officer1=403), {}),
    "api_dec_revise": Row("post", "/api/v1/norms/decisions/{decision}/draft", E(403, outside=404, anonymous=401, handler=409, head=409), {"text": "t"}),
    # ---- normative documents ----
    "norm_document": Row("get", "/norms/{norm}/", E(200)),
    "norm_document_text": Row("get", "/norms/{norm}/text/", E(200)),
    "norm_cleanups": Row("get", "/norms/cleanups/", E(200)),
    "norm_cleanup": Row("get", "/norms/cleanups/{cleanup}/", E(200)),
    "norm_law": Row("get", "/norms/laws/{law}/", E(200)),
    "norm_register": Row("get", "/norms/staff/register/", E(404, anonymous=302, legal=200)),
    "norm_details": Row("post", "/norms/staff/{norm}/details/", E(302, outside=404), {}, form=True),
    "norm_upload_text": Row("post", "/norms/staff/{norm}/text/", E(302, outside=404), {}, form=True),
    "norm_text_version": Row("get", "/norms/staff/{norm}/texts/{text}/", E(302, outside=404, home=200)),
    "norm_upload_receipt": Row("post", "/norms/staff/{norm}/receipt/", E(302, outside=404), {}, form=True),
    "norm_receipt_file": Row("get", "/norms/staff/receipts/{receipt}/", E(302, outside=404, home=200)),
    "norm_flag_resolve": Row("post", "/norms/staff/flags/{flag}/resolve/", E(302, outside=404), {}, form=True),
    "norm_staff_cleanups": Row("get", "/norms/staff/cleanups/", E(200, public=404, admins=404, anonymous=302)),
    "norm_staff_cleanup": Row("get", "/norms/staff/cleanups/{cleanup}/", E(302, outside=404, home=200)),
    "norm_law_version_add": Row("post", "/norms/staff/laws/{law}/versions/", E(404, anonymous=302, legal=302), {}, form=True),
    "api_norm_document": Row("get", "/api/v1/norms/documents/{norm}", E(200)),
    "api_norm_create": Row("post", "/api/v1/norms/documents", E(403, anonymous=401, handler=201, head=201, other_handler=201), {"title": "t", "drafting_division": "d"}),
    "api_norm_register": Row("post", "/api/v1/norms/documents/register", E(403, anonymous=401, legal=400),
                          {"title": "t", "number": "", "drafting_division": "d", "published_on": "2014-05-01"}, form=True),
    "api_norm_update": Row("patch", "/api/v1/norms/documents/{norm}", E(403, outside=404, anonymous=401, handler=409, head=409), {}),
    "api_norm_text": Row("post", "/api/v1/norms/documents/{norm}/text", E(403, outside=404, anonymous=401, handler=409, head=409), {"file": "@pdf"}, form=True),
    "api_norm_receipt": Row("post", "/api/v1/norms/documents/{norm}/receipt", E(403, outside=404, anonymous=401, handler=201, head=201, legal=201), {"file": "@pdf"}, form=True),
    "api_norm_counts": Row("get", "/api/v1/norms/counts", E(200)),
    "api_norm_flags": Row("get", "/api/v1/norms/flags", E(200, public=404, admins=404, anonymous=401)),
    "api_norm_flag_resolve": Row("post", "/api/v1/norms/flags/{flag}/resolve", E(400, outside=404, anonymous=401, clerk=403, handler=403, officer1=403), {"decision": "continue", "reason": "r"}),
    "api_norm_cleanups": Row("get", "/api/v1/norms/cleanups", E(200)),
    "api_norm_cleanup_create": Row("post", "/api/v1/norms/cleanups", E(403, anonymous=401, head=201, legal=201), {"title": "t", "year": 2026, "scope_before": "{today}"}),
    "api_norm_cleanup": Row("get", "/api/v1/norms/cleanups/{cleanup}", E(200)),
    "api_norm_cleanup_decide": Row("post", "/api/v1/norms/cleanups/{cleanup}/items/{cleanup_item}", E(403, outside=404, anonymous=401, head=409, legal=409),
                                {"decision": "keep", "reason": "r"}),
    "api_norm_cleanup_publish": Row("post", "/api/v1/norms/cleanups/{cleanup}/publish", E(403, outside=404, anonymous=401, deputy=409, director=409), {}),
    "api_norm_law_create": Row("post", "/api/v1/norms/laws", E(403, public=404, admins=404, anonymous=401, legal=201), {"code": "x-law", "title": "t", "kind": "law"}),
    "api_norm_law": Row("get", "/api/v1/norms/laws/{law}", E(200)),
    "api_norm_law_version": Row("post", "/api/v1/norms/laws/{law}/versions", E(403, public=404, admins=404, anonymous=401, legal=400),
                             {"event": "amend", "label": "l", "promulgated_on": "{today}", "effective_on": "{today}"}),
    # ---- complaints, petitions, disclosure, reconsideration ----
    "comp_export": Row("get", "/complaints/export/", E(200, public=404, admins=404, anonymous=302)),
    "api_comp_export": Row("get", "/api/v1/complaints/export", E(200, public=403, admins=403, anonymous=401)),
    "api_comp_detail": Row("get", "/api/v1/complaints/{complaint}", E(403, elsewhere=404, home=200, anonymous=401)),
    "case_complaint": Row("get", "/cases/{complaint}/", E(404, home=200, anonymous=302, citizen=200)),
    "pet_visits": Row("get", "/petitions/visits/", E(200, public=404, admins=404, anonymous=302)),
    "pet_visit_add": Row("post", "/petitions/cases/{petition}/visits/", E(302, outside=404), {}, form=True),
    "api_pet_statistics": Row("get", "/api/v1/petitions/statistics?year=2026", E(200, public=403, admins=403, anonymous=401)),
    "api_pet_visits": Row("get", "/api/v1/petitions/visits", E(200, public=403, admins=403, anonymous=401)),
    "api_pet_detail": Row("get", "/api/v1/petitions/{petition}", E(401, outside=404, home=200)),
    "api_pet_visit_add": Row("post", "/api/v1/petitions/{petition}/visits", E(201, outside=404, anonymous=401, legal=403, officer1=403), {"visited_on": "{today}", "summary": "s"}),
    "case_petition": Row("get", "/cases/{petition}/", E(404, home=200, anonymous=302, citizen=200)),
    "disc_stats_xlsx": Row("get", "/disclosure/statistics.xlsx?year=2026", E(200, public=404, admins=404, anonymous=302)),
    "disc_consultation_file": Row("get", "/disclosure/consultations/{dconsultation}/", E(302, outside=404, home=200)),
    "api_disc_detail": Row("get", "/api/v1/disclosure/{disclosure}", E(404, home=200, anonymous=401, citizen=200)),
    "case_disclosure": Row("get", "/cases/{disclosure}/", E(404, home=200, anonymous=302, citizen=200)),
    "rec_respondent_new": Row("get", "/reconsideration/respondent/new/", E(404, managers=200, anonymous=302, handler=200, legal=200, other_handler=200)),
    "rec_manage": Row("get", "/reconsideration/manage/", E(200, public=404, admins=404, anonymous=302)),
    "rec_member_add": Row("post", "/reconsideration/manage/members/", E(404, anonymous=302, director=302, legal=302), {}, form=True),
    "rec_member_toggle": Row("post", "/reconsideration/manage/members/{member}/toggle/", E(404, anonymous=302, director=302, legal=302), {}, form=True),
    "rec_competence_set": Row("post", "/reconsideration/manage/competence/", E(404, anonymous=302, director=302), {}, form=True),
    "api_rec_member_add": Row("post", "/api/v1/reconsideration/committee", E(403, anonymous=401, director=201, legal=201),
                           {"name": "n", "kind": "internal", "profession": "official", "affiliation": "a",
                            "term_start": "{today}"}),
    "api_rec_member_update": Row("patch", "/api/v1/reconsideration/committee/{member}", E(403, anonymous=401, director=200, legal=200), {}),
    "api_rec_limit": Row("get", "/api/v1/reconsideration/limit?known_on={today}", E(200)),
    "api_rec_cases": Row("get", "/api/v1/reconsideration/cases", E(200, public=403, admins=403, anonymous=401)),
    "api_rec_case": Row("get", "/api/v1/reconsideration/cases/{reconsideration}", E(404, home=200, anonymous=401, citizen=200)),
    "api_rec_respondent": Row("post", "/api/v1/reconsideration/respondent-cases", E(403, managers=201, anonymous=401, handler=201, legal=201, other_handler=201),
                           {"organ_name": "o", "copy_received_on": "{today}", "act_title": "a", "party_name": "p"}),
    "api_rec_competence": Row("get", "/api/v1/reconsideration/competence", E(200, public=403, admins=403, anonymous=401)),
    "api_rec_competence_set": Row("put", "/api/v1/reconsideration/competence", E(403, anonymous=401, director=200), {"scope": "lower", "legal_basis": "b"}),
    "case_reconsideration": Row("get", "/cases/{reconsideration}/", E(404, home=200, anonymous=302, citizen=200)),
    # ---- advisers ----
    "adv_adviser": Row("get", "/advisers/{adviser}/", E(302, outside=404, home=200)),
    "adv_contract": Row("get", "/advisers/{adviser}/contract/", E(302, outside=404, home=200)),
    "adv_consultation": Row("get", "/advisers/consultations/{consultation}/", E(302, outside=404, home=200)),
    "adv_attachment": Row("get", "/advisers/consultations/{consultation}/attachments/{attachment}/", E(302, outside=404, home=200)),
    "api_adv_list": Row("get", "/api/v1/advisers", E(200, public=403, admins=403, anonymous=401)),
    "api_adv_create": Row("post", "/api/v1/advisers", E(403, anonymous=401, director=400, legal=400), {"name": "n", "firm": "f", "term_from": "{today}", "term_to": "{today}"}),
    "api_adv_statistics": Row("get", "/api/v1/advisers/statistics?year=2026", E(200, public=403, admins=403, anonymous=401)),
    "api_adv_consultations": Row("get", "/api/v1/advisers/consultations", E(200, public=403, admins=403, anonymous=401)),
    "api_adv_consultation_create": Row("post", "/api/v1/advisers/consultations", E(400, public=403, admins=403, anonymous=401),
                                    {"adviser_id": "{adviser}", "subject": "s", "kind": "other"}),
    "api_adv_consultation": Row("get", "/api/v1/advisers/consultations/{consultation}", E(403, elsewhere=404, home=200, anonymous=401)),
    "api_adv_consultation_patch": Row("patch", "/api/v1/advisers/consultations/{consultation}", E(403, elsewhere=404, anonymous=401, handler=400, director=400, legal=400), {}),
    "api_adv_answer": Row("post", "/api/v1/advisers/consultations/{consultation}/answer", E(403, elsewhere=404, anonymous=401, handler=200, director=200, legal=200), {"opinion": "o"}),
    "api_adv_attachment_add": Row("post", "/api/v1/advisers/consultations/{consultation}/attachments", E(403, elsewhere=404, anonymous=401, handler=201, director=201, legal=201),
                               {"role": "question", "file": "@pdf"}, form=True),
    "api_adv_attachment": Row("get", "/api/v1/advisers/consultations/{consultation}/attachments/{attachment}", E(403, elsewhere=404, home=200, anonymous=401)),
    "api_adv_adviser": Row("get", "/api/v1/advisers/{adviser}", E(403, elsewhere=404, home=200, anonymous=401)),
    "api_adv_adviser_patch": Row("patch", "/api/v1/advisers/{adviser}", E(403, elsewhere=404, anonymous=401, director=200, legal=200), {}),
    # ---- assessment, education, reports ----
    "ass_scheme": Row("get", "/assessment/{scheme}/", E(404, home=200, anonymous=302, city_clerk=200)),
    "ass_rankings": Row("get", "/assessment/{scheme}/rankings.xlsx", E(404, home=200, anonymous=302, city_clerk=200)),
    "ass_unit": Row("get", "/assessment/{scheme}/units/{unit}/", E(404, home=200, anonymous=302, city_clerk=200)),
    "ass_unit_other": Row("get", "/assessment/{scheme}/units/{unit_other}/", E(302, outside=404, home=200)),
    "ass_evidence": Row("get", "/assessment/{scheme}/scores/{score}/evidence/", E(404, home=200, anonymous=302, city_clerk=200)),
    "api_ass_schemes": Row("get", "/api/v1/assessment/schemes", E(200, public=403, admins=403, anonymous=401)),
    "api_ass_scheme": Row("get", "/api/v1/assessment/schemes/{scheme}", E(404, home=200, anonymous=401, city_clerk=200)),
    "api_ass_summary": Row("get", "/api/v1/assessment/summary", E(200, public=403, admins=403, anonymous=401)),
    "edu_event": Row("get", "/education/events/{event}/", E(302, outside=404, home=200)),
    "edu_contest": Row("get", "/education/contests/{contest}/", E(302, outside=404, home=200)),
    "edu_activity_edit": Row("get", "/education/activities/{activity}/edit/", E(404, anonymous=302, director=200, legal=200)),
    "api_edu_events": Row("get", "/api/v1/education/events", E(200, public=403, admins=403, anonymous=401)),
    "api_edu_event": Row("get", "/api/v1/education/events/{event}", E(403, elsewhere=404, home=200, anonymous=401)),
    "api_edu_contests": Row("get", "/api/v1/education/contests", E(200, public=403, admins=403, anonymous=401)),
    "api_edu_activities": Row("get", "/api/v1/education/activities", E(200)),
    "api_edu_summary": Row("get", "/api/v1/education/summary", E(200, public=403, admins=403, anonymous=401)),
    "rep_dashboard_xlsx": Row("get", "/reports/dashboard.xlsx", E(200, public=404, admins=404, anonymous=302)),
    "rep_records": Row("get", "/reports/records/licensing.total/", E(200, public=404, admins=404, anonymous=302)),
    "rep_annual_index": Row("get", "/reports/annual/", E(200, public=404, admins=404, anonymous=302)),
    "rep_annual": Row("get", "/reports/annual/{year}/", E(200, public=404, admins=404, anonymous=302)),
    "rep_annual_settings": Row("post", "/reports/annual/{year}/settings/", E(302, outside=404, clerk=404, handler=404, officer1=404), {}, form=True),
    "rep_paragraph_new": Row("post", "/reports/annual/{year}/paragraphs/new/", E(302, outside=404, clerk=404, handler=404, officer1=404), {}, form=True),
    "rep_paragraph": Row("post", "/reports/annual/{year}/paragraphs/{paragraph}/", E(302, outside=404, clerk=404, handler=404, officer1=404), {}, form=True),
    "rep_publish": Row("post", "/reports/annual/{year}/publish/", E(404, anonymous=302, director=302), {}, form=True),
    "rep_annual_docx": Row("get", "/reports/annual/{year}/report.docx", E(302, outside=404, home=200)),
    "rep_public_report": Row("get", "/reports/public/{report}/", E(200)),
    "rep_public_docx": Row("get", "/reports/public/{report}/report.docx", E(200)),
    # ---- the transparency log (issue 8 §1): public by design, read-only ----
    "log_index": Row("get", "/log/", E(200)),
    "log_entry": Row("get", "/log/entries/0/", E(200)),
    "api_log_checkpoint": Row("get", "/api/v1/log/checkpoint", E(200)),
    "api_log_public_key": Row("get", "/api/v1/log/public-key", E(200)),
    "api_log_entries": Row("get", "/api/v1/log/entries?start=0&end=1", E(200)),
    "api_log_content": Row("get", "/api/v1/log/entries/0/content", E(200)),
    "api_log_inclusion": Row("get", "/api/v1/log/proof/inclusion?index=0&size=1", E(200)),
    "api_log_consistency": Row("get", "/api/v1/log/proof/consistency?first=1&second=1", E(200)),
    # ---- staff sign-in and one's own account (issue 8 §2): the login steps need a pending login in the session;
    # without one they send the caller back to the login page ----
    "sec_account": Row("get", "/security/", E(200, anonymous=302)),
    "sec_verify": Row("get", "/security/login/verify/", E(302)),
    "sec_password_expired": Row("get", "/security/login/password/", E(302)),
    "sec_enroll": Row("get", "/security/totp/", E(200, anonymous=302, public=404)),  # signed in: re-enrol
    "sec_password": Row("get", "/security/password/", E(200, anonymous=302)),
    "sec_locked": Row("get", "/security/locked/", E(404, anonymous=302, secadmin=200)),
    "sec_devices": Row("get", "/security/devices/", E(404, anonymous=302, secadmin=200)),
    # ---- the three administrators (issue 8 §2, 三员分立) ----
    "adm_index": Row("get", "/sysadmin/", E(404, anonymous=302, admins=200)),
    "adm_accounts": Row("get", "/sysadmin/accounts/", E(404, anonymous=302, sysadmin=200)),
    "adm_account_new": Row("get", "/sysadmin/accounts/new/", E(404, anonymous=302, sysadmin=200)),
    "adm_account": Row("get", "/sysadmin/accounts/{account}/", E(404, anonymous=302, sysadmin=200)),
    "adm_account_active": Row("post", "/sysadmin/accounts/{account}/active/", E(404, anonymous=302, sysadmin=302), {}, form=True),
    "adm_roles": Row("get", "/sysadmin/roles/", E(404, anonymous=302, secadmin=200)),
    "adm_roles_edit": Row("get", "/sysadmin/roles/{account}/", E(404, anonymous=302, secadmin=200)),
    "adm_policy": Row("get", "/sysadmin/policy/", E(404, anonymous=302, secadmin=200)),
    "adm_audit": Row("get", "/sysadmin/audit/", E(404, anonymous=302, auditor=200)),
    "adm_audit_export": Row("get", "/sysadmin/audit/export/", E(404, anonymous=302, auditor=200)),
    "adm_chains": Row("get", "/sysadmin/audit/chains/", E(404, anonymous=302, auditor=200)),
    "api_adm_accounts": Row("get", "/api/v1/sysadmin/accounts", E(403, anonymous=401, sysadmin=200, secadmin=200)),
    "api_adm_account_new": Row("post", "/api/v1/sysadmin/accounts", E(403, anonymous=401, sysadmin=201),
                               {"username": "matrix-new", "full_name": "新员", "agency": "hlj",
                                "password": "Matrix-Pass-2026!x"}),
    "api_adm_deactivate": Row("post", "/api/v1/sysadmin/accounts/{account}/deactivate", E(403, anonymous=401, sysadmin=200),
                              {"reason": "离职"}),
    "api_adm_reactivate": Row("post", "/api/v1/sysadmin/accounts/{account}/reactivate", E(403, anonymous=401, sysadmin=400), {}),  # allowed; the account is already active
    "api_adm_roles": Row("put", "/api/v1/sysadmin/accounts/{account}/roles", E(403, anonymous=401, secadmin=200),
                         {"roles": ["intake_clerk", "case_handler"]}),
    "api_adm_audit": Row("get", "/api/v1/sysadmin/audit", E(403, anonymous=401, auditor=200)),
    "api_adm_audit_export": Row("get", "/api/v1/sysadmin/audit/export", E(403, anonymous=401, auditor=200)),
    # ---- public archive services (issue 10 §1): the demo's requests belong to invented accounts (arch_demo_*), so
    # citizen, citizen2 and company are "outside" for them; a one-click step goes back to the page with the message ----
    "arch_services": Row("get", "/archives/services/", E(200)),
    "arch_service": Row("get", f"/archives/services/{_ARCH_SERVICE}/", E(200)),
    "arch_book": Row("get", f"/archives/services/{_ARCH_SERVICE}/book/", E(404, public=200, anonymous=302)),
    "arch_book_post": Row("post", f"/archives/services/{_ARCH_SERVICE}/book/", E(404, public=400, anonymous=302),
                          {"id_type": "resident", "id_number": "1", "purpose": "research"}, form=True),
    "arch_requests": Row("get", "/archives/requests/", _ARCH_STAFF_PAGE),
    "arch_reading_room": Row("get", "/archives/reading-room/?date={today}", _ARCH_STAFF_PAGE),
    "arch_statistics": Row("get", "/archives/statistics/?year=2026", _ARCH_STAFF_PAGE),
    "arch_slots_open": Row("post", "/archives/reading-room/slots/", E(302, public=404, admins=404),
                           {"start": "{today}", "end": "{today}", "capacity": "3", "half_days": "am"}, form=True),
    # A one-click step: back to the page with the service's message (done, or refused for this role/state).
    "arch_act": Row("post", "/archives/requests/{arch_booked}/act/", E(404, home=302, anonymous=302),
                    {"transition": "confirm"}, form=True),
    "arch_serve": Row("get", "/archives/requests/{arch_booked}/serve/", E(404, home=200, anonymous=302)),
    # Serving is the clerk's or the handler's; other home staff get the page back with the refusal (400).
    "arch_serve_post": Row("post", "/archives/requests/{arch_booked}/serve/",
                           E(404, home=400, clerk=302, handler=302, anonymous=302), {"answer": "答复"}, form=True),
    # The result file: the owner and the agency's staff; anyone else, anonymous included, the same 404.
    "arch_file": Row("get", "/archives/requests/{arch_case}/files/{arch_file}/", E(404, home=200)),
    "api_arch_services": Row("get", "/api/v1/archives/services", E(200)),
    "api_arch_service": Row("get", f"/api/v1/archives/services/{_ARCH_SERVICE}", E(200)),
    "api_arch_slots": Row("get", "/api/v1/archives/slots", E(200)),
    "api_arch_slots_open": Row("post", "/api/v1/archives/slots", E(403, business=201, anonymous=401),
                               {"start": "{today}", "end": "{today}", "capacity": 3}),
    "api_arch_book": Row("post", "/api/v1/archives/bookings", E(403, public=400, anonymous=401),
                         {"service": _ARCH_SERVICE, "id_type": "resident", "id_number": "1", "purpose": "research",
                          "archives_wanted": "x"}),
    "api_arch_bookings": Row("get", "/api/v1/archives/bookings", E(200, admins=403, anonymous=401)),
    "api_arch_booking": Row("get", "/api/v1/archives/bookings/{arch_case}", E(404, home=200, anonymous=401)),
    "api_arch_serve": Row("post", "/api/v1/archives/bookings/{arch_booked}/serve",
                          E(404, home=409, clerk=200, handler=200, anonymous=401), {"answer": "答复"}, form=True),
    "api_arch_room": Row("get", "/api/v1/archives/reading-room?date={today}", E(403, business=200, anonymous=401)),
    "api_arch_stats": Row("get", "/api/v1/archives/statistics?year=2026", E(403, business=200, anonymous=401)),
    # ---- the proactive disclosure catalogue (issue 10 §2): a draft is 404 for everyone (staff see it under
    # /openinfo/staff/); the demo items have no attachment, so the file row is 404 (tests/openinfo test the download) ----
    "oi_catalogue": Row("get", "/openinfo/", E(200)),
    "oi_item": Row("get", "/openinfo/items/{oi_item}/", E(200)),
    "oi_item_draft": Row("get", "/openinfo/items/{oi_draft}/", E(404)),
    "oi_item_file": Row("get", "/openinfo/items/{oi_item}/file/", E(404)),
    "oi_staff": Row("get", "/openinfo/staff/", E(200, public=404, admins=404, anonymous=302)),
    "oi_staff_new": Row("get", "/openinfo/staff/new/", E(200, public=404, admins=404, anonymous=302)),
    "oi_staff_create": Row("post", "/openinfo/staff/new/", E(302, public=404, admins=404), _OI_ITEM, form=True),
    "oi_staff_item": Row("get", "/openinfo/staff/{oi_item}/", E(200, outside=404, anonymous=302)),
    "oi_staff_edit": Row("post", "/openinfo/staff/{oi_draft}/", E(302, outside=404), {"form": "edit", **_OI_ITEM},
                         form=True),
    "oi_staff_publish": Row("post", "/openinfo/staff/{oi_draft}/", E(404, **_OI_REVIEWERS), {"form": "publish"},
                            form=True),
    "oi_staff_withdraw": Row("post", "/openinfo/staff/{oi_item}/", E(404, **_OI_REVIEWERS),
                             {"form": "withdraw", "reason": "误发布"}, form=True),
    "api_oi_items": Row("get", "/api/v1/openinfo/items?category=organization", E(200)),
    "api_oi_categories": Row("get", "/api/v1/openinfo/categories", E(200)),
    # ---- the yearly disclosure report (issue 10 §3): the home agency's 2025 report is published (a write answers 302
    # with the refusal); creating the 2026 draft answers 302; only the director publishes; the public pages are open ----
    "disc_report_index": Row("get", "/disclosure/reports/", _ARCH_STAFF_PAGE),
    "disc_report": Row("get", "/disclosure/reports/2025/", _ARCH_STAFF_PAGE),
    "disc_report_create": Row("post", "/disclosure/reports/2026/", E(404, **_DR_EDITORS), {}, form=True),
    "disc_report_text": Row("post", "/disclosure/reports/2025/text/", E(404, **_DR_EDITORS), {"overview": "矩阵"},
                            form=True),
    "disc_report_litigation": Row("post", "/disclosure/reports/2025/litigation/", E(404, **_DR_EDITORS),
                                  {"direct.maintain": "1"}, form=True),
    "disc_report_publish": Row("post", "/disclosure/reports/2025/publish/",
                               E(404, director=302, anonymous=302), {}, form=True),
    "disc_report_docx": Row("get", "/disclosure/reports/2025/report.docx",
                            E(404, home=200, anonymous=302)),
    "disc_public_reports": Row("get", "/disclosure/public/reports/", E(200)),
    "disc_public_report": Row("get", "/disclosure/public/reports/{dreport}/", E(200)),
    "disc_public_report_docx": Row("get", "/disclosure/public/reports/{dreport}/report.docx", E(200)),
}


# ---- the rest of the routes (issue 8): one world with every app's demo records ---------------------------------
DEMO_LOADERS = (
    ("fazhi.inspection.demo", "load_directory_demo"), ("fazhi.inspection.demo", "load_draw_demo"),
    ("fazhi.inspection.demo", "load_planned_demo"), ("fazhi.enforcement.demo", "load_penalty_demo"),
    ("fazhi.norms.demo", "load_norms_demo"), ("fazhi.decisions.demo", "load_decisions_demo"),
    ("fazhi.powers.demo", "load_powers_demo"), ("fazhi.complaints.demo", "load_complaints_demo"),
    ("fazhi.reconsideration.demo", "load_reconsideration_demo"), ("fazhi.petitions.demo", "load_petitions_demo"),
    ("fazhi.advisers.demo", "load_advisers_demo"), ("fazhi.disclosure.demo", "load_disclosure_demo"),
    ("fazhi.assessment.demo", "load_assessment_demo"), ("fazhi.education.demo", "load_education_demo"),
    ("fazhi.archives.demo", "load_archives_demo"), ("fazhi.openinfo.demo", "load_openinfo_demo"),
    ("fazhi.reports.demo", "load_reports_demo"),
)


@pytest.fixture
def demo_world(world, today):
    """The test world (agencies hlj > harbin, other; the actors) filled by every app's demo loader, plus the files
    the demo does not upload; returns the ids the URL templates of MORE need."""
    import base64
    import importlib

    from fazhi.advisers.models import Consultation
    from fazhi.advisers.services import adviser_contract_upload, attachment_add
    from fazhi.assessment.models import AssessedUnit, Scheme
    from fazhi.assessment.services import scores_record
    from fazhi.decisions.models import Decision, LegislativeProject
    from fazhi.disclosure.models import ThirdPartyConsultation
    from fazhi.education.models import Contest, PublicActivity, TrainingEvent
    from fazhi.enforcement.models import PenaltyCase
    from fazhi.enforcement.services import evidence_add
    from fazhi.inspection.directory import directory_import
    from fazhi.inspection.models import Conflict, Entity, Inspection, InspectionItem, Officer, Task
    from fazhi.norms.models import Cleanup, NormativeDocument, ReviewFlag
    from fazhi.norms.services import norm_receipt_file_add
    from fazhi.powers.models import Power, PowerListVersion
    from fazhi.powers.services import version_draft_create
    from fazhi.process.models import Case
    from fazhi.reconsideration.models import CommitteeMember
    from fazhi.reports.models import AnnualReport

    users = dict(world.users)
    users["officer2"] = f.staff("officer2", world.agency, "enforcement_officer")
    for module, loader in DEMO_LOADERS:
        getattr(importlib.import_module(module), loader)(world.agency, users)
    home = world.agency
    head, legal = users["head"], users["legal"]

    def own(kind: str, **extra) -> Case:
        """A case of this kind whose applicant is "citizen" (own vs other applicant)."""
        return Case.objects.filter(kind=kind, agency=home, applicant=users["citizen"], **extra).order_by("pk").first()

    task = Task.objects.filter(agency=home, mode=Task.Mode.RANDOM).order_by("pk").first()
    planned = Task.objects.filter(agency=home, mode=Task.Mode.PLANNED).order_by("pk").first()
    officer = Officer.objects.filter(agency=home).order_by("pk").first()
    penalty = PenaltyCase.objects.filter(case__agency=home, case__closed_on__isnull=True).order_by("pk").first()
    photo = evidence_add(case_id=penalty.case_id, actor=users["officer1"], kind="photo", title="现场照片",
                         recorded_on=today, upload=("现场.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64))
    batch = directory_import("entities", "名录.csv", "统一社会信用代码,单位名称,单位类别,行政区划代码\n".encode(),
                             actor=head, agency=home)
    valid = NormativeDocument.objects.filter(agency=home, state="valid").order_by("pk").first()
    receipt = norm_receipt_file_add(actor=legal, document_id=valid.pk, filename="回执.pdf", data=f.pdf_bytes())
    cleanup = Cleanup.objects.filter(agency=home).order_by("pk").first()
    flag = ReviewFlag.objects.filter(document__agency=home, resolved_on__isnull=True).order_by("pk").first()
    version = PowerListVersion.objects.filter(agency=home, status="published").order_by("pk").first()
    power = Power.objects.filter(version=version).order_by("pk").first()
    draft_version = version_draft_create(actor=head, label="草稿")
    draft_power = Power.objects.filter(version=draft_version).order_by("pk").first()
    conflict = Conflict.objects.filter(officer__agency=home).select_related("officer", "entity").order_by("pk").first()
    adviser_contract_upload(actor=users["director"], adviser_id=Consultation.objects.filter(agency=home)
                            .order_by("pk").first().adviser_id, filename="聘用合同.pdf", data=f.pdf_bytes())
    consultation = Consultation.objects.filter(agency=home).order_by("pk").first()
    attachment = attachment_add(actor=users["handler"], consultation_id=consultation.pk, role="question",
                                filename="草案.pdf", data=f.pdf_bytes())
    scheme = Scheme.objects.filter(agency=home).order_by("pk").first()
    unit = AssessedUnit.objects.filter(scheme=scheme).order_by("pk").first()
    unit_other = AssessedUnit.objects.filter(scheme=scheme).exclude(agency=world.city).order_by("pk").first()
    indicator = scheme.indicators.order_by("pk").first()
    score = scores_record(actor=head, scheme_id=scheme.pk, unit_id=unit.pk, entries=[
        {"indicator": indicator.pk, "score": "90", "evidence": "扣分依据", "file": ("佐证.pdf", f.pdf_bytes())}])[0]
    report = AnnualReport.objects.filter(agency=home).order_by("pk")
    published = report.exclude(number="").first()
    draft_report = report.filter(number="").first() or published
    pdf64 = base64.b64encode(f.pdf_bytes()).decode()
    from fazhi.archives.models import ArchiveRequest, ResultFile

    arch_file = ResultFile.objects.filter(request__case__agency=home).order_by("pk").first()
    from fazhi.disclosure.models import DisclosureAnnualReport
    from fazhi.openinfo.models import CatalogueItem

    oi = CatalogueItem.objects.filter(agency=home).order_by("pk")
    ctx = {
        "uscc": Entity.objects.order_by("pk").first().uscc, "cert": officer.certificate_number,
        "officer": officer.pk, "task": task.pk, "planned": planned.pk,
        "inspection": Inspection.objects.filter(task=task).order_by("pk").first().pk, "batch": batch.pk,
        "penalty": penalty.case_id, "photo": photo.pk, "norm": valid.pk, "text": valid.texts.order_by("pk").first().pk,
        "receipt": receipt.pk, "cleanup": cleanup.pk, "cleanup_item": cleanup.items.order_by("pk").first().pk,
        "flag": flag.pk, "law": flag.law.code if flag.law_id else "archives-law",
        "decision": Decision.objects.filter(case__agency=home).order_by("pk").first().case_id,
        "project": LegislativeProject.objects.filter(agency=home).order_by("pk").first().pk,
        "power_code": power.code, "version": version.number, "power": power.pk,
        "complaint": own("complaint_report").pk, "petition": own("petition").pk, "disclosure": own("disclosure").pk,
        "reconsideration": own("reconsideration").pk,
        "dconsultation": ThirdPartyConsultation.objects.filter(case__agency=home).order_by("pk").first().pk,
        "member": CommitteeMember.objects.filter(agency=home).order_by("pk").first().pk,
        "adviser": consultation.adviser_id, "consultation": consultation.pk, "attachment": attachment.pk,
        "scheme": scheme.pk, "unit": unit.pk, "score": score.pk,
        "event": TrainingEvent.objects.filter(agency=home).order_by("pk").first().pk,
        "contest": Contest.objects.filter(agency=home).order_by("pk").first().pk,
        "activity": PublicActivity.objects.filter(agency=home).order_by("pk").first().pk,
        "year": draft_report.year, "paragraph": draft_report.paragraphs.order_by("pk").first().pk,
        "report": published.pk, "account": world.users["clerk"].pk,
        "dreport": DisclosureAnnualReport.objects.get(agency=home, year=2025).pk,
        "oi_item": oi.filter(status="published").first().pk, "oi_draft": oi.filter(status="draft").first().pk,
        "arch_case": arch_file.request.case_id, "arch_file": arch_file.pk,
        "arch_booked": ArchiveRequest.objects.filter(case__agency=home, case__state="booked").order_by("pk").first().case_id,
        "today": today.isoformat(), "code": world.item.code,
        "apply_fields": f.valid_fields(world.item), "item": InspectionItem.objects.filter(agency=home).first().code,
        "apply_materials": [{"material": m.code, "filename": f"{m.code}.pdf", "content_base64": pdf64}
                            for m in world.item.materials.all() if m.required],
        "team": [o.certificate_number for o in Officer.objects.filter(agency=home).order_by("pk")[2:4]],
        "conflict_cert": conflict.officer.certificate_number, "conflict_uscc": conflict.entity.uscc,
        "draft_version": draft_version.number, "draft_power": draft_power.pk, "unit_other": unit_other.pk,
    }
    return ctx


def all_rows() -> list[tuple[str, str, str]]:
    """(row, method, URL template) of every row of the matrix (tests/test_route_coverage.py)."""
    return [(name, m, t) for name, (m, t) in URLS.items()] + [(name, r.method, r.url) for name, r in MORE.items()]


UPLOADS = {"@pdf": ("a.pdf", f.pdf_bytes()), "@jpg": ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)}


def _fill(value, ctx: dict):
    """Fill the templates in a body: "{key}" alone keeps the value's type (ids stay numbers)."""
    if isinstance(value, str):
        if value in UPLOADS:  # a fresh file for each request
            from django.core.files.uploadedfile import SimpleUploadedFile

            return SimpleUploadedFile(*UPLOADS[value])
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ctx:
            return ctx[value[1:-1]]
        return value.format(**ctx)
    if isinstance(value, dict):
        return {k: _fill(v, ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ctx) for v in value]
    return value


def run_row(client: Client, spec: tuple, ctx: dict) -> int:
    """One request, rolled back whatever it wrote (a savepoint), so every row and actor sees the same world."""
    import json

    from django.db import transaction

    method, template, body, form = spec
    url = template.format(**ctx)
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        elif form:
            response = client.post(url, data=_fill(body or {}, ctx))
        elif body is None:
            response = client.generic(method.upper(), url)
        else:
            response = client.generic(method.upper(), url, json.dumps(_fill(body, ctx)), content_type="application/json")
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.django_db
def test_permission_matrix_every_route(world, demo_world):
    """MORE: every other page and endpoint (tests/test_route_coverage.py fails on a route with no row), for every
    actor, on the demo records of every app; one world, each request rolled back."""
    problems = []
    for actor in ACTORS:
        client = Client(raise_request_exception=False)
        if actor != "anonymous":
            client.force_login(world.users[actor], backend=BACKEND)
        for name, row in MORE.items():
            got = run_row(client, (row.method, row.url, row.body, row.form), demo_world)
            if got != row.expect[actor]:
                problems.append(f"{actor} {name}: got {got}, want {row.expect[actor]}")
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)
