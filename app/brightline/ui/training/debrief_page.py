"""The debrief of one scenario: the expected outcome's verdict banner, both paths on the same
steps with where the answers left the guide's path, the points to read; every citation opens
beside the text."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from brightline.core.model import Pack, Scenario
from brightline.core.training import Result
from brightline.ui.html import CITE_SCHEME
from brightline.ui.reference_panel import ReferencePanelWidget, make_browser
from brightline.ui.training.debrief_html import DEBRIEF_STYLE, debrief_html, debrief_refs
from brightline.ui.training.wording import RIGHT, SAME_RESPONSE, WRONG
from brightline.ui.verdict_banner import VerdictBannerWidget


class DebriefPage(QWidget):
    """Where a played scenario is explained."""

    next_requested = Signal()
    """The trainee asked to go on (the next scenario, the next debrief or the results)."""

    results_requested = Signal()
    """The trainee asked to see the results of the set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefPage")
        self._pack: Pack | None = None
        self._progress = QLabel()
        self._progress.setObjectName("stepLabel")
        self._title = QLabel()
        self._title.setObjectName("situationTitle")
        self._caption = QLabel()
        self._caption.setObjectName("debriefCaption")
        for label in (self._title, self._caption, self._progress):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.banner = VerdictBannerWidget()
        self.body = make_browser(self, "debriefText")
        self.body.document().setDefaultStyleSheet(DEBRIEF_STYLE)
        self.body.setAccessibleName("Debrief")
        self.body.anchorClicked.connect(self._on_body_anchor_clicked)
        self.next = QPushButton()
        self.next.setObjectName("primaryButton")
        self.next.setAutoDefault(True)
        self.next.clicked.connect(self.next_requested)
        self.results = QPushButton("Results of the set")
        self.results.setObjectName("secondaryButton")
        self.results.setAutoDefault(True)
        self.results.clicked.connect(self.results_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.next)
        actions.addWidget(self.results)
        actions.addStretch(1)
        keys = QLabel("Keys: Enter goes on \u00b7 Tab reaches the text and its citations")
        keys.setObjectName("keysHint")
        keys.setWordWrap(True)
        actions.addWidget(keys)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(self._progress)
        column.addWidget(self._title)
        column.addWidget(self._caption)
        column.addWidget(self.banner)
        column.addWidget(self.body, 1)
        column.addLayout(actions)
        self.reference = ReferencePanelWidget()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        layout.addLayout(column, 2)  # the paths side by side need the room more than the citations
        layout.addWidget(self.reference, 1)
        chain = (self.next, self.results, self.body, self.reference.browser)
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def show_result(
        self, pack: Pack, scenario: Scenario, result: Result, position: str, next_text: str, results: bool
    ) -> None:
        """Explain `result` of `scenario`; `position` says where in the set it is ("Scenario 2 of
        5"), `next_text` labels the button that goes on, `results` offers the results too."""
        self._pack = pack
        tree = pack.trees[scenario.tree]
        self._progress.setText(f"Debrief \u00b7 {position} \u00b7 {scenario.difficulty} \u00b7 {tree.title}")
        self._title.setText(" ".join(scenario.title.split()))
        expected = tree.nodes[scenario.expected_outcome]
        if result.right_outcome:
            self._caption.setText(f"{RIGHT} Right: your answers reached the expected outcome.")
        elif result.same_response_only:
            self._caption.setText(
                f"{SAME_RESPONSE} The same response by another outcome. The guide\u2019s answer for this situation:"
            )
        else:
            self._caption.setText(f"{WRONG} Not the expected outcome. The guide\u2019s answer for this situation:")
        self.banner.show_outcome(expected)
        self.body.setHtml(debrief_html(pack, scenario, result))
        self.reference.show_citations(pack, debrief_refs(pack, scenario))
        self.next.setText(next_text)
        self.next.setToolTip(f"{next_text} (Enter)")
        self.results.setVisible(results)
        if self.isVisible():
            self.focus_default()

    def caption(self) -> str:
        return self._caption.text()

    def focus_default(self) -> None:
        self.next.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QUrl)
    def _on_body_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == CITE_SCHEME and self._pack is not None:
            self.reference.show_provision(self._pack, url.path())
