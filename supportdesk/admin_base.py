"""The base of every ModelAdmin of ours.

- An admin's ``get_queryset`` is the one place its scope is decided: the list, the change page, the
  history, delete and actions all read through it. A record outside that scope answers 404 (not
  Django's redirect to the index with "… doesn't exist. Perhaps it was deleted?", which tells an
  agent that the id exists and sends them away from where they were).
- One-line text fields refuse control characters (``supportdesk.text``), as the site and the API do.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.http import Http404

from .text import validate_no_control_characters


class ScopedModelAdmin(admin.ModelAdmin):
    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.CharField) and isinstance(formfield, forms.CharField):
            formfield.validators.append(validate_no_control_characters)
        return formfield
