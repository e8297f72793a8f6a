"""The base of every ModelAdmin of ours.

- An admin's ``get_queryset`` is the one place its scope is decided: the list, the change page, the
  history, delete and actions all read through it. A record outside that scope answers 404 (not
  Django's redirect to the index with "… doesn't exist. Perhaps it was deleted?", which tells an
  agent that the id exists and sends them away from where they were).
- One-line text fields refuse control characters (``supportdesk.text``), as the site and the API do.

``ConfigurationAdmin`` is for the desk's settings (teams, types, policies, rules, canned responses,
tags, official channels…): listed on the index only for those who may change them.
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


class ConfigurationAdmin:
    """Mixed in before a ModelAdmin of desk configuration. Someone who may only read it (agents
    have the view permission, so they can check which policy applies and why) does not get it
    listed on the index, the app pages or the sidebar, where it crowded out their work; its
    pages still open, read-only, from a link or the address bar."""

    def get_model_perms(self, request):
        perms = super().get_model_perms(request)
        if not (perms.get("add") or perms.get("change") or perms.get("delete")):
            return dict.fromkeys(perms, False)
        return perms
