import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Check my receipt: a keypad with only the code's symbols, then the status in plain words.
Page {
    id: page
    objectName: "statusScreen"
    title: qsTr("Check my receipt")
    background: Rectangle { color: Theme.background }

    readonly property var steps: [
        { outcome: "stored", label: qsTr("Stored on this kiosk") },
        { outcome: "sent", label: qsTr("Sent to the centre") },
        { outcome: "received", label: qsTr("Received by the centre") },
        { outcome: "answered", label: qsTr("Answered by the drafting agency") }
    ]
    readonly property int reached: {
        for (var i = 0; i < steps.length; i++) {
            if (steps[i].outcome === StatusViewModel.outcome)
                return i
        }
        return -1
    }

    // Side by side; on a portrait screen, what became of it under the keypad.
    readonly property bool portrait: height > width
    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 1.5
        columns: page.portrait ? 1 : 2
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

        // The code and the keypad.
        ColumnLayout {
            Layout.preferredWidth: keypad.implicitWidth
            Layout.maximumWidth: keypad.implicitWidth
            Layout.alignment: Qt.AlignHCenter | Qt.AlignTop
            Layout.fillWidth: false
            Layout.fillHeight: !page.portrait
            spacing: Theme.spacing / 2
            Label {
                Layout.fillWidth: true
                text: qsTr("Type the code printed on your receipt:")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: 84
                radius: Theme.radius
                color: Theme.surface
                border.width: 3
                border.color: Theme.text
                Label {
                    objectName: "typedCode"
                    anchors.centerIn: parent
                    text: StatusViewModel.typed !== "" ? StatusViewModel.typed : "····-····-····"
                    color: StatusViewModel.typed !== "" ? Theme.text : Theme.mutedText
                    font.pixelSize: 48
                    font.weight: Font.Bold
                    font.letterSpacing: 3
                }
            }
            GridLayout {
                id: keypad
                objectName: "codeKeypad"
                columns: 8
                rowSpacing: 6
                columnSpacing: 6
                Repeater {
                    model: StatusViewModel.symbols
                    delegate: KioskButton {
                        required property string modelData
                        objectName: "symbol_" + modelData
                        Layout.preferredWidth: 72
                        leftPadding: 4
                        rightPadding: 4
                        fontSize: 28
                        enabled: !StatusViewModel.complete
                        text: modelData
                        onClicked: StatusViewModel.append(modelData)
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 6
                KioskButton {
                    objectName: "codeBackspace"
                    Layout.fillWidth: true
                    text: qsTr("Delete")
                    onClicked: StatusViewModel.backspace()
                }
                KioskButton {
                    objectName: "codeClear"
                    Layout.fillWidth: true
                    text: qsTr("Clear")
                    onClicked: StatusViewModel.clear()
                }
                KioskButton {
                    objectName: "checkButton"
                    Layout.fillWidth: true
                    primary: true
                    enabled: StatusViewModel.typed !== ""
                    text: qsTr("Check")
                    onClicked: StatusViewModel.check()
                }
            }
            Item { Layout.fillHeight: true; visible: !page.portrait }
        }

        // What became of it.
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            ScrollPage {
                anchors.fill: parent
                anchors.margins: 2
                Label {
                    width: parent.width
                    visible: StatusViewModel.outcome === ""
                    text: qsTr("The code has 12 letters and digits, like 7K3M-9QXA-2FHD. The letters O, I, L and U are never used.")
                    color: Theme.mutedText
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                Label {
                    objectName: "statusMessage"
                    width: parent.width
                    visible: text !== ""
                    text: StatusViewModel.message
                    color: StatusViewModel.outcome === "invalid" || StatusViewModel.outcome === "unknown" ? Theme.danger : Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.DemiBold
                    wrapMode: Text.Wrap
                }
                Label {
                    width: parent.width
                    visible: page.reached >= 0
                    text: StatusViewModel.consultationTitle
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.Bold
                    wrapMode: Text.Wrap
                }
                Label {
                    width: parent.width
                    visible: page.reached >= 0
                    text: qsTr("Sent on %1: %2 comment(s), %3 answer(s).").arg(StatusViewModel.createdAt).arg(StatusViewModel.itemCount).arg(StatusViewModel.answerCount)
                    color: Theme.mutedText
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                Repeater {
                    model: page.reached >= 0 ? page.steps : []
                    delegate: RowLayout {
                        required property int index
                        required property var modelData
                        width: parent.width
                        spacing: Theme.spacing / 2
                        Rectangle {
                            Layout.preferredWidth: 28
                            Layout.preferredHeight: 28
                            radius: 14
                            color: index <= page.reached ? Theme.done : Theme.surface
                            border.width: 3
                            border.color: index <= page.reached ? Theme.done : Theme.border
                        }
                        Label {
                            Layout.fillWidth: true
                            text: modelData.label
                            color: index <= page.reached ? Theme.text : Theme.mutedText
                            font.pixelSize: Theme.bodySize
                            font.weight: index === page.reached ? Font.Bold : Font.Normal
                            wrapMode: Text.Wrap
                        }
                    }
                }
                Repeater {
                    model: StatusViewModel.responses
                    delegate: Rectangle {
                        id: response
                        required property string statusText
                        required property string body
                        required property string about
                        width: parent.width
                        height: responseColumn.implicitHeight + Theme.spacing * 2
                        radius: Theme.radius
                        color: Theme.background
                        border.width: 2
                        border.color: Theme.done
                        ColumnLayout {
                            id: responseColumn
                            x: Theme.spacing
                            y: Theme.spacing
                            width: response.width - Theme.spacing * 2
                            spacing: 4
                            Label {
                                Layout.fillWidth: true
                                text: response.about !== ""
                                      ? qsTr("Answer about %1: %2").arg(response.about).arg(response.statusText)
                                      : qsTr("Answer to your feedback: %1").arg(response.statusText)
                                color: Theme.text
                                font.pixelSize: Theme.bodySize
                                font.weight: Font.Bold
                                wrapMode: Text.Wrap
                            }
                            Label {
                                Layout.fillWidth: true
                                visible: response.body !== ""
                                text: response.body
                                color: Theme.text
                                font.pixelSize: Theme.readingSize
                                wrapMode: Text.Wrap
                            }
                        }
                    }
                }
            }
        }
    }
}
