import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// "Are you still using the kiosk?": any touch keeps the visit going; otherwise,
// after the countdown, the kiosk returns to its start and forgets everything.
Rectangle {
    id: overlay
    objectName: "idleOverlay"
    color: Theme.highContrast ? "#e6000000" : "#b3201d18"

    MouseArea {
        anchors.fill: parent
        onClicked: IdleViewModel.stillHere()
    }
    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.spacing * 4, 820)
        height: box.implicitHeight + Theme.spacing * 4
        radius: Theme.radius
        color: Theme.surface
        border.width: 3
        border.color: Theme.primary
        ColumnLayout {
            id: box
            anchors.fill: parent
            anchors.margins: Theme.spacing * 2
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: qsTr("Are you still using the kiosk?")
                color: Theme.text
                font.pixelSize: Theme.headingSize
                font.weight: Font.Bold
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
            Label {
                Layout.fillWidth: true
                text: IdleViewModel.secondsLeft
                color: Theme.primary
                font.pixelSize: 96
                font.weight: Font.Bold
                horizontalAlignment: Text.AlignHCenter
            }
            Label {
                objectName: "idleCountdown"
                Layout.fillWidth: true
                text: qsTr("In %n second(s) the kiosk goes back to the start and clears everything entered.", "", IdleViewModel.secondsLeft)
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
            KioskButton {
                objectName: "stillHereButton"
                Layout.alignment: Qt.AlignHCenter
                primary: true
                text: qsTr("Yes, I am still here")
                onClicked: IdleViewModel.stillHere()
            }
        }
    }
}
