"""PDFs with active content, made with pikepdf for the upload tests (regiekamer, intake): among them the
bypasses of the former byte filter (issue 15, finding 4), a name written with #-escapes and actions inside
compressed object streams."""

from __future__ import annotations

import io

import pikepdf


def pdf_bytes(
    build=None, *, object_streams: bool = False, replace: tuple[bytes, bytes] | None = None
) -> bytes:
    """A one-page PDF made with pikepdf; `build(pdf)` adds to it; `replace` swaps equal-length bytes in the
    saved file (to write a name with #-escapes, which pikepdf itself never writes)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if build:
        build(pdf)
    buffer = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    pdf.save(buffer, object_stream_mode=mode, compress_streams=object_streams)
    content = buffer.getvalue()
    if replace:
        assert replace[0] in content and len(replace[0]) == len(replace[1])
        content = content.replace(*replace)
    return content


def annotation(pdf: pikepdf.Pdf, action: pikepdf.Dictionary, **extra) -> None:
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 99, 99], A=action
    )
    for key, value in extra.items():
        link[f"/{key}"] = value
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))


def _javascript_link(pdf: pikepdf.Pdf) -> None:
    action = pikepdf.Dictionary(
        {"/S": pikepdf.Name("/JQQQQQQQQQQQ"), "/JQQQ": pikepdf.String("app.alert(1)")}
    )
    annotation(pdf, action)


def _open_action(kind: str, **values):
    def build(pdf: pikepdf.Pdf) -> None:
        action = pikepdf.Dictionary(S=pikepdf.Name(f"/{kind}"))
        for key, value in values.items():
            action[f"/{key}"] = value
        pdf.Root.OpenAction = pdf.make_indirect(action)

    return build


def _embedded_file(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"hello", mime_type="text/plain")


def _xfa(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=[], XFA=pikepdf.Stream(pdf, b"<xdp/>")))


def _page_actions(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"))


def _rich_media(pdf: pikepdf.Pdf) -> None:
    annotation(pdf, pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.org"))
    pdf.pages[0].obj.Annots[0].Subtype = pikepdf.Name.RichMedia


def _hex_escaped_javascript() -> bytes:
    content = pdf_bytes(_javascript_link, replace=(b"/JQQQQQQQQQQQ", b"/J#61vaScript"))
    return content.replace(b"/JQQQ", b"/J#53")


# case: (the PDF, what is found, bytes the file does not contain: what a byte filter would have looked for)
BYPASSES = {
    # The byte regex missed these: names written with #-escapes, and actions inside compressed object streams.
    "hex-escaped JavaScript": (_hex_escaped_javascript, ["/JS", "/JavaScript"], [b"/JavaScript", b"/JS"]),
    "JavaScript in an object stream": (
        lambda: pdf_bytes(_open_action("JavaScript", JS=pikepdf.String("app.alert(1)")), object_streams=True),
        ["/JS", "/JavaScript", "/OpenAction"],
        [b"JavaScript", b"/JS", b"OpenAction"],
    ),
    "Launch in an object stream": (
        lambda: pdf_bytes(_open_action("Launch", F=pikepdf.String("calc.exe")), object_streams=True),
        ["/Launch", "/OpenAction"],
        [b"Launch", b"OpenAction"],
    ),
    "page actions (AA) in an object stream": (
        lambda: pdf_bytes(_page_actions, object_streams=True),
        ["/AA", "/Launch"],
        [b"/AA", b"Launch"],
    ),
    "SubmitForm": (
        lambda: pdf_bytes(_open_action("SubmitForm", F="https://x.example")),
        ["/OpenAction", "/SubmitForm"],
        [],
    ),
    "ImportData": (
        lambda: pdf_bytes(_open_action("ImportData", F="data.fdf")),
        ["/ImportData", "/OpenAction"],
        [],
    ),
    "an embedded file": (
        lambda: pdf_bytes(_embedded_file, object_streams=True),
        ["/EF", "/EmbeddedFile", "/EmbeddedFiles"],
        [],
    ),
    "an XFA form": (lambda: pdf_bytes(_xfa), ["/XFA"], []),
    "rich media": (lambda: pdf_bytes(_rich_media, object_streams=True), ["/RichMedia"], []),
}
