import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The administrator's PIN, to leave kiosk mode. Digits only, shown as dots.
Rectangle {
    id: pad
    objectName: "pinPad"
    property string pin: ""
    color: Theme.highContrast ? "#e6000000" : "#b3201d18"
    onVisibleChanged: pin = ""

    MouseArea { anchors.fill: parent }
    Rectangle {
        anchors.centerIn: parent
        width: grid.implicitWidth + Theme.spacing * 4
        height: column.implicitHeight + Theme.spacing * 4
        radius: Theme.radius
        color: Theme.surface
        border.width: 3
        border.color: Theme.primary
        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: Theme.spacing * 2
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: qsTr("Administrator PIN")
                color: Theme.text
                font.pixelSize: Theme.titleSize
                font.weight: Font.Bold
                horizontalAlignment: Text.AlignHCenter
            }
            Label {
                objectName: "pinDots"
                Layout.fillWidth: true
                text: "•".repeat(pad.pin.length) || " "
                color: Theme.text
                font.pixelSize: Theme.titleSize
                horizontalAlignment: Text.AlignHCenter
            }
            Label {
                Layout.fillWidth: true
                visible: AdminViewModel.pinRejected
                text: qsTr("Wrong PIN.")
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                horizontalAlignment: Text.AlignHCenter
            }
            GridLayout {
                id: grid
                columns: 3
                rowSpacing: Theme.spacing / 2
                columnSpacing: Theme.spacing / 2
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
                    delegate: KioskButton {
                        required property string modelData
                        objectName: "pin_" + modelData
                        Layout.preferredWidth: 96
                        text: modelData
                        onClicked: if (pad.pin.length < 12) pad.pin += modelData
                    }
                }
                KioskButton {
                    Layout.preferredWidth: 96
                    text: qsTr("Delete")
                    onClicked: pad.pin = pad.pin.slice(0, -1)
                }
                KioskButton {
                    objectName: "pin_0"
                    Layout.preferredWidth: 96
                    text: "0"
                    onClicked: if (pad.pin.length < 12) pad.pin += "0"
                }
                KioskButton {
                    objectName: "pinOk"
                    Layout.preferredWidth: 96
                    primary: true
                    text: qsTr("OK")
                    onClicked: {
                        AdminViewModel.submitPin(pad.pin)
                        pad.pin = ""
                    }
                }
            }
            KioskButton {
                objectName: "pinCancel"
                Layout.fillWidth: true
                text: qsTr("Cancel")
                onClicked: AdminViewModel.closePinPad()
            }
        }
    }
}
