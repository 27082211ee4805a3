"""The situation list's models: Qt's model tester, filtering as you type, the audience's order."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from brightline.core.library import Library
from brightline.core.search import SituationIndex
from brightline.ui.situation_model import (
    AUDIENCES_ROLE,
    GROUP_ROLE,
    GROUP_START_ROLE,
    RELEVANT_ROLE,
    TREE_ID_ROLE,
    SituationModel,
)
from brightline.ui.situation_proxy import SituationProxyModel


def make(library: Library) -> tuple[SituationModel, SituationProxyModel]:
    trees = list(library.packs["testville"].trees.values())
    model = SituationModel()
    model.set_trees(trees)
    proxy = SituationProxyModel()
    proxy.setSourceModel(model)
    proxy.set_index(SituationIndex(trees))
    return model, proxy


def ids(proxy: SituationProxyModel) -> list[str]:
    return [proxy.index(row, 0).data(TREE_ID_ROLE) for row in range(proxy.rowCount())]


def test_models_pass_qt_model_tester(qtmodeltester: ModelTester, fixture_library: Library) -> None:
    model, proxy = make(fixture_library)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    proxy.set_query("detainer")
    proxy.set_audience("patrol")
    qtmodeltester.check(proxy)
    model.set_trees([])
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_model_rows_carry_title_group_summary_and_audiences(fixture_library: Library) -> None:
    model, _ = make(fixture_library)
    index = model.index(0, 0)
    assert index.data() == "An ICE detainer (hold request) arrived"
    assert index.data(GROUP_ROLE) == "Booking — requests from ICE"
    assert index.data(AUDIENCES_ROLE) == ["booking"]
    assert "I-247A" in index.data(0x03)  # the tooltip is the summary


def test_proxy_filters_as_you_type(fixture_library: Library) -> None:
    _, proxy = make(fixture_library)
    assert ids(proxy) == ["detainer", "scene-assistance"]
    proxy.set_query("i247a")  # punctuation does not matter
    assert ids(proxy) == ["detainer"]
    proxy.set_query("PERIMETER")  # keywords count, case does not
    assert ids(proxy) == ["scene-assistance"]
    proxy.set_query("magistrate")  # so do the answers deep in the tree
    assert ids(proxy) == ["detainer"]
    proxy.set_query("detainer backup")  # every word must match somewhere
    assert ids(proxy) == []


def test_proxy_puts_the_audiences_situations_first_and_marks_the_rest(fixture_library: Library) -> None:
    _, proxy = make(fixture_library)
    proxy.set_audience("patrol")
    assert ids(proxy) == ["scene-assistance", "detainer"]
    assert [proxy.index(r, 0).data(RELEVANT_ROLE) for r in range(2)] == [True, False]
    assert [proxy.index(r, 0).data(GROUP_START_ROLE) for r in range(2)] == [True, True]
    proxy.set_audience("")
    assert [proxy.index(r, 0).data(RELEVANT_ROLE) for r in range(2)] == [True, True]
