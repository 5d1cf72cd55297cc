"""Messages the pure modules produce: English text that keeps its template and parameters, so the Django layer
can show it translated (materials.texts.translate). `gettext_noop` marks the templates for makemessages."""


def gettext_noop(message: str) -> str:
    return message


class Message(str):
    """A str (the English text) that remembers `template` and `params`."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        text = template % params if params else template
        instance = super().__new__(cls, text)
        instance.template = template
        instance.params = params
        return instance
