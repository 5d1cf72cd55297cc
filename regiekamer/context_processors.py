from .navigation import header_templates, nav_sections


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": [], "header_templates": []}
    return {"nav_sections": nav_sections(user), "header_templates": header_templates()}
