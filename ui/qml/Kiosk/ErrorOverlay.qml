import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// Shown after an unexpected error: calm words, never a traceback, then the start.
Rectangle {
    id: overlay
    objectName: "errorOverlay"
    signal finished()
    color: Theme.background

    onVisibleChanged: if (visible) countdown.restart()
    Timer {
        id: countdown
        interval: 15000
        onTriggered: overlay.finished()
    }
    MouseArea { anchors.fill: parent }
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.spacing * 4, 860)
        spacing: Theme.spacing * 1.5
        Label {
            Layout.fillWidth: true
            text: qsTr("Sorry, something went wrong.")
            color: Theme.text
            font.pixelSize: Theme.headingSize
            font.weight: Font.Bold
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Please ask the commune staff for help. Feedback that was already sent is safely stored.")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
        KioskButton {
            objectName: "errorHomeButton"
            Layout.alignment: Qt.AlignHCenter
            primary: true
            text: qsTr("Back to the start")
            onClicked: overlay.finished()
        }
    }
}
