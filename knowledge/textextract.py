"""The text of a knowledge-hub document, read once at upload so the site search finds a document by a word in
its contents (search.providers, kind "hub_item"). A PDF is read with pdfium (pypdfium2: the text of every page
in reading order), a Word or PowerPoint document from its XML (the text runs of each paragraph, parsed without
DTDs or entities by defusedxml), plain text and Markdown as they are. Spreadsheets are left out (numbers, not
prose). A document whose text cannot be read is stored all the same, with no text: reading it is a help to the
search, not a condition of the upload (the upload's own checks are in services_outreach.document_type)."""

from __future__ import annotations

import io
import logging
import re
import zipfile

logger = logging.getLogger(__name__)

# Enough for the words of a long report; the index stays small and a page of results quick.
MAX_CHARS = 200_000
MAX_PAGES = 500
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_SPACES = re.compile(r"[ \t\r\f\v]+")


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\x00", "").splitlines())
    return "\n".join(line for line in lines if line)[:MAX_CHARS]


def pdf_text(content: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        parts = []
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
            if sum(len(part) for part in parts) > MAX_CHARS:
                break
        return "\n".join(parts)
    finally:
        document.close()


def _xml_paragraphs(xml: bytes, paragraph: str, run: str) -> list[str]:
    from defusedxml import ElementTree

    root = ElementTree.fromstring(xml)
    return ["".join(node.text or "" for node in p.iter(run)) for p in root.iter(paragraph)]


def office_text(content: bytes) -> str:
    """The text of a Word document (word/document.xml) or of a presentation's slides (ppt/slides/*.xml)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        if "word/document.xml" in names:
            return "\n".join(
                _xml_paragraphs(archive.read("word/document.xml"), f"{_WORD_NS}p", f"{_WORD_NS}t")
            )
        slides = sorted(
            (name for name in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)),
            key=lambda name: int(re.sub(r"\D", "", name)),
        )
        return "\n".join(
            "\n".join(_xml_paragraphs(archive.read(name), f"{_DRAWING_NS}p", f"{_DRAWING_NS}t"))
            for name in slides
        )


def document_text(content: bytes, content_type: str) -> str:
    """The text of a document whose type services_outreach.document_type has established ("" when the type
    has no text to read or it could not be read)."""
    try:
        if content_type == "application/pdf":
            text = pdf_text(content)
        elif content_type.startswith("text/plain"):
            text = content.decode("utf-8")
        elif content_type.endswith((".wordprocessingml.document", ".presentationml.presentation")):
            text = office_text(content)
        else:
            return ""
    except Exception:  # noqa: BLE001 - an unreadable text never refuses a document that passed the checks
        logger.warning("knowledge: the text of a %s document could not be read", content_type, exc_info=True)
        return ""
    return _tidy(text)
