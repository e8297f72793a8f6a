from django.contrib.auth import views as auth_views
from django.http import HttpResponse


class SignInView(auth_views.LoginView):
    pass


class SignOutView(auth_views.LogoutView):
    pass


def signup(request):
    return HttpResponse("signup")
