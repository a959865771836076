from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "fazhi.process"
    label = "process"
