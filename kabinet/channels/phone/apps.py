from django.apps import AppConfig


class PhoneConfig(AppConfig):
    name = "kabinet.channels.phone"
    label = "phone"
    verbose_name = "Phone"
