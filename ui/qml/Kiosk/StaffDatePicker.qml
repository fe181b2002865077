import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// A date set with large buttons, one part at a time: − day +, − month +, − year +.
// ``step(part, delta)`` asks the view-model, which keeps the date valid and never in the future.
RowLayout {
    id: picker
    property int day
    property int month
    property int year
    property string name: "date"
    signal step(string part, int delta)
    spacing: Theme.spacing

    Repeater {
        model: [
            { part: "day", label: qsTr("Day"), value: picker.day },
            { part: "month", label: qsTr("Month"), value: picker.month },
            { part: "year", label: qsTr("Year"), value: picker.year }
        ]
        delegate: ColumnLayout {
            required property var modelData
            spacing: 4
            Label {
                Layout.alignment: Qt.AlignHCenter
                text: modelData.label
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
            }
            RowLayout {
                spacing: 4
                KioskButton {
                    objectName: picker.name + "_" + modelData.part + "_minus"
                    Layout.preferredWidth: Theme.touchTarget
                    leftPadding: 0
                    rightPadding: 0
                    fontSize: 30
                    text: "−"
                    Accessible.name: qsTr("Earlier")
                    onClicked: picker.step(modelData.part, -1)
                }
                Label {
                    objectName: picker.name + "_" + modelData.part
                    Layout.preferredWidth: modelData.part === "year" ? 96 : 56
                    horizontalAlignment: Text.AlignHCenter
                    text: modelData.part === "year" ? String(modelData.value) : (modelData.value < 10 ? "0" : "") + modelData.value
                    color: Theme.text
                    font.pixelSize: 32
                    font.weight: Font.Bold
                }
                KioskButton {
                    objectName: picker.name + "_" + modelData.part + "_plus"
                    Layout.preferredWidth: Theme.touchTarget
                    leftPadding: 0
                    rightPadding: 0
                    fontSize: 30
                    text: "+"
                    Accessible.name: qsTr("Later")
                    onClicked: picker.step(modelData.part, 1)
                }
            }
        }
    }
}
