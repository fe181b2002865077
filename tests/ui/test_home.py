from tests.ui.helpers import find


def test_the_home_screen_lists_open_consultations(kiosk_window, qtbot):
    qtbot.waitUntil(lambda: find(kiosk_window, "card_TEST-1") is not None)
    card = find(kiosk_window, "card_TEST-1")
    assert card.property("titleText") == "Dự thảo Quy chế chợ xã"
    assert card.property("days") == 39  # 23/11 to 31/12, counting today
    assert find(kiosk_window, "emptyLabel").property("visible") is False


def test_the_window_cannot_be_closed_without_permission(kiosk_window, qtbot):
    kiosk_window.setProperty("allowClose", False)
    kiosk_window.close()
    assert kiosk_window.isVisible()
