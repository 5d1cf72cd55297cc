"""Render the two one-page sheets of project 20-004 to PDF and PNG (docs/), from a demo database.

    DATABASE_URL=sqlite:///var/regiekamer.sqlite3 .venv/bin/python -m portfolio.render_pdfs

PNG needs pypdfium2 (a test dependency: `make test` installs it); without it only the PDFs are written."""

import os
from pathlib import Path

OUT = Path(__file__).resolve().parent / "docs"


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.local")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="lezer"))
    OUT.mkdir(exist_ok=True)
    for name, url in (
        ("impactsheet-20-004", "/portfolio/20-004/impact/?format=pdf"),
        ("voortgangsrapportage-20-004", "/portfolio/20-004/progress/?format=pdf"),
    ):
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (url, response.status_code)
        pdf = OUT / f"{name}.pdf"
        pdf.write_bytes(response.content)
        try:
            import pypdfium2
        except ImportError:
            print(f"{pdf} (no PNG: pypdfium2 is not installed)")
            continue
        page = pypdfium2.PdfDocument(str(pdf))[0]
        page.render(scale=1.6).to_pil().save(OUT / f"{name}.png")
        print(f"{pdf} and {name}.png")


if __name__ == "__main__":
    main()
