import QtQuick
import QtQuick.Controls
import Kiosk

// A page whose content scrolls, and which keeps the field being typed in
// visible above the keyboard.
Flickable {
    id: flick
    default property alias content: column.data
    property alias spacing: column.spacing
    property Item focusField: null

    clip: true
    contentWidth: width
    contentHeight: column.implicitHeight + Theme.spacing * 2
    boundsBehavior: Flickable.StopAtBounds
    ScrollIndicator.vertical: ScrollIndicator { active: true }

    function ensureVisible(item) {
        if (!item)
            return
        var top = item.mapToItem(flick.contentItem, 0, 0).y
        var bottom = top + item.height
        if (top < contentY)
            contentY = Math.max(0, top - Theme.spacing)
        else if (bottom > contentY + height)
            contentY = Math.max(0, Math.min(bottom - height + Theme.spacing, contentHeight - height))
    }
    onHeightChanged: Qt.callLater(ensureVisible, focusField)
    onFocusFieldChanged: Qt.callLater(ensureVisible, focusField)

    Column {
        id: column
        x: Theme.spacing * 2
        y: Theme.spacing
        width: flick.width - Theme.spacing * 4
        spacing: 12
    }
}
