from django.contrib import admin
from django.urls import include, path

from kommunalkompass.api.urls import api
from kommunalkompass.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("kommunalkompass.accounts.urls")),
    path("", include("kommunalkompass.organisations.urls")),
    path("", include("kommunalkompass.assessments.urls")),
    path("", include("kommunalkompass.strategy.urls")),
    path("", include("kommunalkompass.ozg.urls")),
    path("", include("kommunalkompass.procurement.urls")),
    path("", include("kommunalkompass.positions.urls")),
    path("", include("kommunalkompass.change.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
