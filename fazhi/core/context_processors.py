from django.conf import settings


def fazhi(request):
    user = getattr(request, "user", None)
    return {
        "FAZHI_NAME": settings.FAZHI_NAME,
        "is_staff_user": bool(user and user.is_authenticated and getattr(user, "kind", "") == "staff"),
        "is_public_user": bool(user and user.is_authenticated and getattr(user, "kind", "") != "staff"),
    }
