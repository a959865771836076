from django.http import HttpResponse


def calendar_page(request):
    return HttpResponse("calendar")
