import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// A one-line field for the on-screen keyboard, in large type.
TextField {
    id: field
    signal edited(string text)
    implicitHeight: Math.max(Theme.touchTarget, contentHeight + topPadding + bottomPadding)
    // Room for the whole hint: a layout never shortens what the field asks for.
    Layout.minimumWidth: Math.ceil(hint.advanceWidth) + leftPadding + rightPadding + 4
    TextMetrics {
        id: hint
        font: field.font
        text: field.placeholderText
    }
    font.pixelSize: Theme.readingSize
    color: Theme.text
    placeholderTextColor: Theme.mutedText
    inputMethodHints: Qt.ImhNoPredictiveText
    leftPadding: Theme.spacing
    rightPadding: Theme.spacing
    maximumLength: 200
    background: Rectangle {
        color: Theme.surface
        radius: Theme.radius
        border.width: field.activeFocus ? 4 : 2
        border.color: field.activeFocus ? Theme.selected : Theme.border
    }
    onTextChanged: edited(text)
}
