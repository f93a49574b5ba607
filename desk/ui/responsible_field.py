"""Who executes a decision: a body chosen from the reference list (names in the window's language), or "Other" with
the name written in.

What was written before the list existed stays as it was written: it shows as "Other" with its text, is saved back
unchanged, and is never matched to a body of the list. The text box shows whenever it holds text, so what is saved is
always in view (a body chosen after "Other" was typed keeps the typed text visible, as a note, until it is cleared).
"""

from __future__ import annotations

from desk.domain import reference
from desk.i18n import _, current_language
from desk.ui.qt import QVBoxLayout, QWidget, Signal
from desk.ui.widgets import ChoiceBox, LineEdit

OTHER = "__other__"


class ResponsibleField(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = ChoiceBox(empty="—")
        self.body.setObjectName("responsibleBody")
        self.other = LineEdit()
        self.other.setObjectName("responsibleOther")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.body)
        layout.addWidget(self.other)
        self.setFocusProxy(self.body)
        self.body.currentIndexChanged.connect(self._changed)
        self.other.textChanged.connect(self._changed)
        self.retranslate()
        self._show_other()

    def retranslate(self) -> None:
        lang = current_language()
        choices = [(t.code, t.label(lang)) for t in reference.terms("responsible_bodies")]
        self.body.set_choices([*choices, (OTHER, _("Other (write it in)"))], empty="—")
        self.body.setAccessibleName(_("Responsible body"))
        self.other.setPlaceholderText(_("The responsible body, as it is called"))
        self.other.setAccessibleName(_("Responsible body not in the list"))

    # --- the value ----------------------------------------------------------------------------------------------

    def value(self) -> tuple[str, str]:
        """(the chosen body's code or "", the text written in)."""
        code = self.body.value()
        return ("" if code in (None, OTHER) else str(code)), self.other.text().strip()

    def set_value(self, body: str, text: str) -> None:
        self.body.blockSignals(True)
        self.other.blockSignals(True)
        if body:
            self.body.set_value(body)  # a code not in the list stays visible as it is (ChoiceBox)
        elif text.strip():
            self.body.set_value(OTHER)
        else:
            self.body.set_value(None)
        self.other.setText(text)
        self.body.blockSignals(False)
        self.other.blockSignals(False)
        self._show_other()

    def clear(self) -> None:
        self.set_value("", "")

    def _changed(self, *_args: object) -> None:
        self._show_other()
        self.changed.emit()

    def _show_other(self) -> None:
        self.other.setVisible(self.body.value() == OTHER or bool(self.other.text().strip()))
