"""The permission matrix: every page and endpoint, for anonymous, each public account, each staff role,
staff of a subordinate agency and staff of another agency. "Not found" and "not yours" answer the same."""

from __future__ import annotations

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
    code = world.item.code
    urls = {
        "home": ("get", "/"),
        "guides": ("get", "/guides/"),
        "guide": ("get", f"/guides/{code}/"),
        "apply": ("get", f"/guides/{code}/apply/"),
        "my": ("get", "/my/"),
        "track": ("get", "/track/"),
        "publicity": ("get", "/publicity/"),
        "case": ("get", f"/cases/{case.pk}/"),
        "case_document": ("get", f"/cases/{case.pk}/documents/{doc.pk}/"),
        "case_material": ("get", f"/cases/{case.pk}/materials/{material.pk}/"),
        "inbox": ("get", "/staff/inbox/"),
        "intake": ("get", "/staff/intake/"),
        "statistics": ("get", "/staff/statistics/"),
        "calendar": ("get", "/calendar/"),
        "api_items": ("get", "/api/v1/licensing/items"),
        "api_deadline": ("get", "/api/v1/calendar/deadline?start=2026-11-02&days=5&unit=workday"),
        "api_case": ("get", f"/api/v1/cases/{case.pk}"),
        "api_documents": ("get", f"/api/v1/cases/{case.pk}/documents"),
        "api_document": ("get", f"/api/v1/cases/{case.pk}/documents/{doc.pk}"),
        "api_statistics": ("get", "/api/v1/licensing/statistics?year=2026"),
        "receipt": ("get", f"/cases/{case.pk}/receipt/"),
        "track_document": ("get", f"/track/{case.pk}/documents/{doc.pk}/"),
        "insp_tasks": ("get", "/inspection/tasks/"),
        "insp_task": ("get", f"/inspection/tasks/{task.pk}/"),
        "insp_task_new": ("get", "/inspection/tasks/new/"),
        "insp_inspection": ("get", f"/inspection/inspections/{inspection.pk}/"),
        "insp_public_items": ("get", "/inspection/public/items/"),
        "insp_public_results": ("get", "/inspection/public/results/"),
        "insp_public_task": ("get", f"/inspection/public/tasks/{task.pk}/"),
        "insp_verify": ("get", "/inspection/verify/"),
        "api_insp_items": ("get", "/api/v1/inspection/items"),
        "api_insp_task": ("get", f"/api/v1/inspection/tasks/{task.pk}"),
        "api_insp_record": ("get", f"/api/v1/inspection/tasks/{task.pk}/record"),
        "api_insp_inspections": ("get", f"/api/v1/inspection/tasks/{task.pk}/inspections"),
        "api_accept": ("post", f"/api/v1/cases/{case.pk}/transitions/accept"),
        "off_public": ("get", "/officers/public/"),
        "off_list": ("get", "/officers/"),
        "off_detail": ("get", f"/officers/{officer.pk}/"),
        "api_off_list": ("get", "/api/v1/enforcement/officers"),
        "api_off_detail": ("get", f"/api/v1/enforcement/officers/{officer.pk}"),
        "api_off_expiring": ("get", "/api/v1/enforcement/officers/expiring"),
        "pen_cases": ("get", "/enforcement/"),
        "pen_case": ("get", f"/cases/{penalty_case.pk}/"),
        "pen_record": ("get", f"/enforcement/evidence/{evidence.pk}/record.docx"),
        "pen_public": ("get", "/enforcement/public/decisions/"),
        "api_pen_decisions": ("get", "/api/v1/enforcement/decisions"),
        "api_pen_evidence": ("get", f"/api/v1/enforcement/cases/{penalty_case.pk}/evidence"),
        "insp_planned_task": ("get", f"/inspection/planned/{planned.pk}/"),
        "insp_public_planned": ("get", "/inspection/public/planned/"),
        "disc_public": ("get", "/discretion/"),
        "disc_evaluate": ("get", "/discretion/evaluate/"),
        "api_disc_list": ("get", "/api/v1/enforcement/standards"),
        "pow_public": ("get", "/powers/"),
        "pow_manage": ("get", "/powers/manage/"),
        "api_powers": ("get", "/api/v1/powers/versions?agency=hlj"),
        "dec_register": ("get", "/decisions/"),
        "dec_public": ("get", "/decisions/public/"),
        "dec_case": ("get", f"/cases/{decision.pk}/"),
        "api_dec_list": ("get", "/api/v1/norms/decisions"),
        "api_dec_case": ("get", f"/api/v1/norms/decisions/{decision.pk}"),
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
    problems = []
    for row in ROWS:
        client = Client()
        if actor != "anonymous":
            client.force_login(world.users[actor], backend=BACKEND)
        method, url = urls[row]
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
