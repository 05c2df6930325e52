from django.urls import path

from dienhinh.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("failed/", views.failed_list, name="failed_list"),
    path("failed/<int:pk>/retry/", views.failed_retry, name="failed_retry"),
]
