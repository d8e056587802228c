from django.http import HttpResponse


def login_view(request):  # replaced by the web-shell work
    return HttpResponse("login")


def logout_view(request):
    return HttpResponse("logout")
