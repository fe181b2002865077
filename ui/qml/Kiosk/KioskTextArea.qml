import QtQuick
import QtQuick.Controls
import Kiosk

// A box to write in with the on-screen keyboard, in large type.
ScrollView {
    id: root
    property alias text: area.text
    property alias placeholderText: area.placeholderText
    property alias area: area
    property int maximumLength: 5000
    signal edited(string text)

    implicitHeight: 160
    clip: true
    ScrollBar.horizontal.policy: ScrollBar.AlwaysOff

    TextArea {
        id: area
        font.pixelSize: Theme.readingSize
        color: Theme.text
        placeholderTextColor: Theme.mutedText
        wrapMode: TextEdit.Wrap
        inputMethodHints: Qt.ImhNoPredictiveText
        leftPadding: Theme.spacing
        rightPadding: Theme.spacing
        topPadding: 12
        bottomPadding: 12
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radius
            border.width: area.activeFocus ? 4 : 2
            border.color: area.activeFocus ? Theme.selected : Theme.border
        }
        onTextChanged: {
            if (length > root.maximumLength)
                remove(root.maximumLength, length)
            root.edited(text)
        }
    }
}
