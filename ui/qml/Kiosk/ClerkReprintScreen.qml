import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// A receipt printed again: its code typed on a keypad of the code's own symbols.
StaffPage {
    id: page
    objectName: "clerkReprintScreen"
    title: qsTr("Reprint a receipt")

    function reset() {}
    Component.onCompleted: ReprintViewModel.clear()

    Label {
        width: parent.width
        text: qsTr("Type the code printed on the receipt (or read out by the resident):")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    GridLayout {  // the actions under the keypad when the screen is narrow
        width: parent.width
        columns: width >= 1000 ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing
        ColumnLayout {
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing / 2
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: 84
                radius: Theme.radius
                color: Theme.surface
                border.width: 3
                border.color: Theme.text
                Label {
                    objectName: "reprintCode"
                    anchors.centerIn: parent
                    text: ReprintViewModel.typed !== "" ? ReprintViewModel.typed : "····-····-····"
                    color: ReprintViewModel.typed !== "" ? Theme.text : Theme.mutedText
                    font.pixelSize: 48
                    font.weight: Font.Bold
                    font.letterSpacing: 3
                }
            }
            GridLayout {
                columns: 8
                rowSpacing: 6
                columnSpacing: 6
                Repeater {
                    model: ReprintViewModel.symbols
                    delegate: KioskButton {
                        required property string modelData
                        objectName: "reprintSymbol_" + modelData
                        Layout.preferredWidth: 72
                        leftPadding: 4
                        rightPadding: 4
                        fontSize: 28
                        enabled: !ReprintViewModel.complete
                        text: modelData
                        onClicked: ReprintViewModel.append(modelData)
                    }
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing / 2
            KioskButton {
                objectName: "reprintBackspace"
                Layout.fillWidth: true
                text: qsTr("Delete")
                onClicked: ReprintViewModel.backspace()
            }
            KioskButton {
                objectName: "reprintClear"
                Layout.fillWidth: true
                text: qsTr("Clear")
                onClicked: ReprintViewModel.clear()
            }
            KioskButton {
                objectName: "reprintButton"
                Layout.fillWidth: true
                primary: true
                enabled: ReprintViewModel.complete && !ReprintViewModel.printing
                text: qsTr("Print again")
                onClicked: ReprintViewModel.reprint()
            }
            StaffNotice {
                objectName: "reprintMessage"
                Layout.fillWidth: true
                good: ReprintViewModel.printed
                text: ReprintViewModel.printing ? qsTr("Printing…") : ReprintViewModel.printMessage
            }
        }
    }
}
