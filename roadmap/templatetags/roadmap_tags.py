"""The indicator status in words, for the pages: the same function the indicator export writes."""

from django import template

from roadmap.export import progress_label as _progress_label
from roadmap.progress import Progress

register = template.Library()


@register.filter
def progress_label(progress: Progress) -> str:
    return _progress_label(progress)
