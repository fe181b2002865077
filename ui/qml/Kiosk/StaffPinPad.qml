import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// A large PIN pad for the staff: digits only, the PIN shown as dots.
// ``name`` prefixes every key's objectName ("staffPin_1", "staffPinDelete").
ColumnLayout {
    id: pad
    property string pin: ""
    property string name: "staffPin"
    property int maximumLength: 8
    signal pressed()
    spacing: Theme.spacing / 2

    function add(digit) {
        pad.pressed()
        if (pad.pin.length < pad.maximumLength)
            pad.pin += digit
    }

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: 72
        radius: Theme.radius
        color: Theme.surface
        border.width: 3
        border.color: Theme.text
        Label {
            objectName: pad.name + "Dots"
            anchors.centerIn: parent
            text: pad.pin.length > 0 ? "●".repeat(pad.pin.length) : qsTr("PIN")
            color: pad.pin.length > 0 ? Theme.text : Theme.mutedText
            font.pixelSize: pad.pin.length > 0 ? 32 : Theme.bodySize
            font.letterSpacing: pad.pin.length > 0 ? 8 : 0
        }
    }
    GridLayout {
        columns: 3
        rowSpacing: Theme.spacing / 2
        columnSpacing: Theme.spacing / 2
        Layout.fillWidth: true
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
            delegate: KioskButton {
                required property string modelData
                objectName: pad.name + "_" + modelData
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.preferredHeight: 72
                focusPolicy: Qt.NoFocus
                fontSize: 32
                text: modelData
                onClicked: pad.add(modelData)
            }
        }
        KioskButton {
            objectName: pad.name + "Delete"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.preferredHeight: Math.max(72, implicitHeight)
            focusPolicy: Qt.NoFocus
            enabled: pad.pin.length > 0
            text: qsTr("Delete")
            onClicked: {
                pad.pressed()
                pad.pin = pad.pin.slice(0, -1)
            }
        }
        KioskButton {
            objectName: pad.name + "_0"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.preferredHeight: 72
            focusPolicy: Qt.NoFocus
            fontSize: 32
            text: "0"
            onClicked: pad.add("0")
        }
        KioskButton {
            objectName: pad.name + "Clear"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.preferredHeight: Math.max(72, implicitHeight)
            focusPolicy: Qt.NoFocus
            enabled: pad.pin.length > 0
            text: qsTr("Clear")
            onClicked: {
                pad.pressed()
                pad.pin = ""
            }
        }
    }
}
