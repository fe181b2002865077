import QtQuick
import QtQuick.Controls
import Kiosk

// A staff screen: its content scrolls, and keeps the field being typed in above the keyboard.
Page {
    id: page
    default property alias content: scroll.content
    property alias scroll: scroll
    background: Rectangle { color: Theme.background }

    ScrollPage {
        id: scroll
        objectName: "staffScroll"
        anchors.fill: parent
        spacing: Theme.spacing
        focusField: page.Window.activeFocusItem
    }
}
