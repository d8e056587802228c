from django.http import HttpResponse


def home(request):  # replaced by the web-shell work
    return HttpResponse("home")
