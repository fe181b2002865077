import QtQuick
import QtQuick.Controls
import Kiosk

// One option of a question: the whole row is the target. A round mark for a
// single choice, a square one for a multiple choice; the mark is drawn, not a glyph.
AbstractButton {
    id: control
    property bool multiple: false
    property bool chosen: false

    implicitHeight: Math.max(Theme.touchTarget, label.height + 20)
    implicitWidth: label.implicitWidth + 32 + Theme.spacing * 3
    focusPolicy: Qt.NoFocus

    background: Rectangle {
        radius: Theme.radius
        color: control.chosen ? Theme.selected : control.down ? Theme.pressed : Theme.surface
        border.width: 2
        border.color: control.chosen ? Theme.selected : Theme.border
    }
    contentItem: Item {
        Rectangle {
            id: mark
            x: Theme.spacing
            anchors.verticalCenter: parent.verticalCenter
            width: 32
            height: 32
            radius: control.multiple ? 6 : 16
            color: Theme.surface
            border.width: 3
            border.color: control.chosen ? Theme.selectedText : Theme.text
            Rectangle {
                anchors.centerIn: parent
                width: 16
                height: 16
                radius: control.multiple ? 3 : 8
                color: Theme.selected
                visible: control.chosen
            }
        }
        Label {
            id: label
            x: mark.x + mark.width + Theme.spacing
            width: parent.width - x - Theme.spacing
            anchors.verticalCenter: parent.verticalCenter
            text: control.text
            color: control.chosen ? Theme.selectedText : Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
    }
}
