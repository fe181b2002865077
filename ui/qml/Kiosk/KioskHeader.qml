import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The bar on every screen: back and home, the screen's title, text size,
// contrast and the language switch, always within reach.
Rectangle {
    id: bar
    property string title
    property bool canGoBack: false
    signal backRequested()
    signal homeRequested()

    implicitHeight: Theme.headerHeight
    color: Theme.header
    border.width: Theme.highContrast ? 2 : 0
    border.color: Theme.headerText

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 0
        anchors.rightMargin: Theme.spacing / 2
        spacing: Theme.spacing / 2

        // The hidden way out of kiosk mode: five taps here within three seconds
        // open the administrator's PIN pad (only when a PIN is set).
        MouseArea {
            objectName: "adminCorner"
            Layout.preferredWidth: Theme.headerHeight
            Layout.fillHeight: true
            onClicked: AdminViewModel.cornerTapped()
            Label {
                anchors.centerIn: parent
                text: "Gópý"
                color: Theme.headerText
                font.pixelSize: Theme.controlSize
                font.weight: Font.Bold
            }
        }
        KioskButton {
            objectName: "backButton"
            visible: bar.canGoBack
            text: qsTr("‹ Back")
            onClicked: bar.backRequested()
        }
        KioskButton {
            objectName: "homeButton"
            visible: bar.canGoBack
            text: qsTr("Start")
            onClicked: bar.homeRequested()
        }
        Label {
            objectName: "screenTitle"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1  // whatever the buttons leave: never pushes them off the bar
            Layout.leftMargin: Theme.spacing / 2
            text: bar.title
            color: Theme.headerText
            font.pixelSize: Theme.controlSize + 4
            font.weight: Font.DemiBold
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            fontSizeMode: Text.Fit
            minimumPixelSize: 20
            lineHeight: 1.0
        }
        KioskButton {
            objectName: "textSmaller"
            text: "A−"
            Accessible.name: qsTr("Smaller text")
            enabled: Theme.textStep > 0
            onClicked: Theme.textStep -= 1
        }
        KioskButton {
            objectName: "textLarger"
            text: "A+"
            font.pixelSize: Theme.controlSize + 6
            Accessible.name: qsTr("Larger text")
            enabled: Theme.textStep < Theme.maxTextStep
            onClicked: Theme.textStep += 1
        }
        KioskButton {
            objectName: "contrastButton"
            Accessible.name: qsTr("High contrast")
            selected: Theme.highContrast
            onClicked: Theme.highContrast = !Theme.highContrast
            contentItem: Item {
                implicitWidth: 32
                implicitHeight: 32
                // A half-filled circle: the usual sign for contrast, drawn rather than a glyph.
                Rectangle {
                    anchors.centerIn: parent
                    width: 32
                    height: 32
                    radius: 16
                    color: "transparent"
                    border.width: 3
                    border.color: Theme.highContrast ? Theme.selectedText : Theme.text
                    Item {
                        width: parent.width / 2
                        height: parent.height
                        clip: true
                        Rectangle {
                            width: 32
                            height: 32
                            radius: 16
                            color: Theme.highContrast ? Theme.selectedText : Theme.text
                        }
                    }
                }
            }
        }
        Repeater {
            model: KioskViewModel.languages
            delegate: KioskButton {
                required property var modelData
                objectName: "language_" + modelData.code
                text: modelData.name
                selected: modelData.code === KioskViewModel.language
                onClicked: KioskViewModel.setLanguage(modelData.code)
            }
        }
    }
}
