from django.http import HttpResponse
from django.utils.translation import gettext as _


def lockout(request, credentials, *args, **kwargs):
    return HttpResponse(_("登录失败次数过多，账号已临时锁定，请15分钟后再试。"), status=429)
