from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from fazhi.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("calendar/", include("fazhi.workdays.urls")),
    path("inspection/", include("fazhi.inspection.urls")),
    path("officers/", include("fazhi.officers.urls")),
    path("discretion/", include("fazhi.discretion.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("powers/", include("fazhi.powers.urls")),
    path("norms/", include("fazhi.norms.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("requests/", include("fazhi.requests.urls")),
    path("complaints/", include("fazhi.complaints.urls")),
    path("petitions/", include("fazhi.petitions.urls")),
    path("disclosure/", include("fazhi.disclosure.urls")),
    path("reconsideration/", include("fazhi.reconsideration.urls")),
    path("advisers/", include("fazhi.advisers.urls")),
    path("archives/", include("fazhi.archives.urls")),
    path("assessment/", include("fazhi.assessment.urls")),
    path("education/", include("fazhi.education.urls")),
    path("openinfo/", include("fazhi.openinfo.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("security/", include("fazhi.security.urls")),
    path("sysadmin/", include("fazhi.sysadmin.urls")),
    path("log/", include("fazhi.tlog.urls")),
    path("", include("fazhi.portal.urls")),
]
