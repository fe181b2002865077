import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The receipt: the code in large type, in groups, and its QR code. The feedback is already stored.
Page {
    id: page
    objectName: "receiptScreen"
    title: qsTr("Your receipt")
    readonly property bool endsVisit: true  // no Back or Start in the header: "Done" ends the visit
    signal done()
    background: Rectangle { color: Theme.background }

    // The QR code beside the text; on a portrait or narrow screen, under the code.
    readonly property bool stacked: width < 900 || height > width
    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 2
        spacing: Theme.spacing * 2

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing

            // Scrolls when large text or a long language needs more than the screen; the buttons stay.
            Flickable {
                id: receiptView
                objectName: "receiptView"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                contentWidth: width
                contentHeight: receiptColumn.implicitHeight
                boundsBehavior: Flickable.StopAtBounds
                ScrollIndicator.vertical: ScrollIndicator { active: true }
                ColumnLayout {
                    id: receiptColumn
                    width: receiptView.width
                    spacing: Theme.spacing

                    Label {
                        Layout.fillWidth: true
                        objectName: "receiptHeadline"
                        text: ReceiptViewModel.voted ? qsTr("Thank you. Your vote has been recorded.")
                                                     : qsTr("Thank you. Your feedback has been saved.")
                        color: Theme.done
                        font.pixelSize: Theme.headingSize
                        font.weight: Font.Bold
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Your receipt code:")
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                    }
                    Rectangle {
                        Layout.fillWidth: true
                        implicitHeight: codeLabel.implicitHeight + Theme.spacing * 2
                        radius: Theme.radius
                        color: Theme.surface
                        border.width: 3
                        border.color: Theme.text
                        Label {
                            id: codeLabel
                            objectName: "receiptCode"
                            anchors.centerIn: parent
                            width: parent.width - Theme.spacing * 2
                            horizontalAlignment: Text.AlignHCenter
                            text: ReceiptViewModel.groupedCode
                            color: Theme.text
                            font.pixelSize: 64
                            font.weight: Font.Bold
                            font.letterSpacing: 4
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: 36
                        }
                    }
                    Item {
                        id: qrSlotBelow
                        visible: page.stacked
                        Layout.fillWidth: true
                        Layout.preferredHeight: qrBlock.implicitHeight
                    }
                    Label {
                        objectName: "receiptIdeas"
                        Layout.fillWidth: true
                        visible: ReceiptViewModel.ideaRefs.length > 0
                        text: qsTr("Your ideas, with the reference others can support them by: %1").arg(ReceiptViewModel.ideaRefs.join("; "))
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.DemiBold
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Keep this code. Later, touch “Check my receipt” on the first screen and type it to see what became of your feedback and the drafting agency's answer.")
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                    Label {
                        objectName: "printStatus"
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: ReceiptViewModel.printing ? qsTr("Printing your receipt…")
                              : ReceiptViewModel.printed ? qsTr("Your receipt has been printed. Please take it.")
                              : ReceiptViewModel.printMessage
                        color: ReceiptViewModel.printMessage !== "" && !ReceiptViewModel.printing ? Theme.danger : Theme.text
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                KioskButton {
                    objectName: "printButton"
                    Layout.fillWidth: true
                    Layout.maximumWidth: fitWidth
                    enabled: !ReceiptViewModel.printing
                    text: qsTr("Print receipt")
                    onClicked: ReceiptViewModel.print()
                }
                Item { Layout.fillWidth: true }
                KioskButton {
                    objectName: "doneButton"
                    primary: true
                    fontSize: Theme.controlSize + 4
                    Layout.preferredWidth: 220
                    text: qsTr("Done")
                    onClicked: page.done()
                }
            }
        }

        Item {
            id: qrSlotBeside
            visible: !page.stacked
            Layout.preferredWidth: 320
            Layout.fillHeight: true
        }
        ColumnLayout {
            id: qrBlock
            parent: page.stacked ? qrSlotBelow : qrSlotBeside
            anchors.top: parent.top
            anchors.horizontalCenter: parent.horizontalCenter
            width: 320
            spacing: Theme.spacing / 2
            Rectangle {
                Layout.preferredWidth: 320
                Layout.preferredHeight: 320
                color: "white"  // a QR code needs its light quiet zone in every theme
                radius: Theme.radius
                Image {
                    objectName: "receiptQr"
                    anchors.fill: parent
                    anchors.margins: 8
                    source: ReceiptViewModel.qrSource
                    fillMode: Image.PreserveAspectFit
                    smooth: false
                    cache: false
                }
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Or scan this code with a phone.")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }
}
