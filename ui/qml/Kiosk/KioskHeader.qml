import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The bar on every screen: back and home, the screen's title, text size,
// contrast and the language switch, always within reach.
// Where the title would be squeezed (a narrow or portrait screen, a long title),
// it gets a line of its own under the buttons, beside the language switch; if
// it is still too long there, it is shortened and a tap on it shows it whole.
Rectangle {
    id: bar
    property string title
    property bool canGoBack: false
    property bool compact: false  // one row and no title (while typing on a short screen)
    signal backRequested()
    signal homeRequested()

    // The title keeps the top row while it has at least this much room, or room for all of it.
    readonly property real titleRoom: width - buttonsRow.implicitWidth - controlsRow.implicitWidth
                                      - languagesRow.implicitWidth - Theme.spacing * 3
    readonly property bool twoRows: !compact && titleRoom < Math.min(titleMetrics.width + Theme.spacing, 420)
    TextMetrics {
        id: titleMetrics
        font.pixelSize: Theme.controlSize + 4
        font.weight: Font.DemiBold
        text: bar.title
    }

    implicitHeight: twoRows ? Theme.headerHeight + titleRow.implicitHeight + Theme.spacing / 2 : Theme.headerHeight
    color: Theme.header
    border.width: Theme.highContrast ? 2 : 0
    border.color: Theme.headerText

    Component {
        id: languageButton
        KioskButton {
            required property var modelData
            objectName: "language_" + modelData.code
            text: modelData.name
            wrap: false
            selected: modelData.code === KioskViewModel.language
            onClicked: KioskViewModel.setLanguage(modelData.code)
        }
    }
    Component {
        id: titleText
        Label {
            objectName: "screenTitle"
            text: bar.title
            color: Theme.headerText
            font.pixelSize: Theme.controlSize + 4
            font.weight: Font.DemiBold
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            lineHeight: 1.0
            // Shortened: a tap shows the whole title.
            TapHandler {
                enabled: parent.truncated
                onTapped: fullTitle.open()
            }
        }
    }

    RowLayout {
        id: topRow
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: Theme.headerHeight
        anchors.rightMargin: Theme.spacing / 2
        spacing: Theme.spacing / 2

        RowLayout {
            id: buttonsRow
            Layout.fillHeight: true
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
        }
        Loader {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1  // whatever the buttons leave: never pushes them off the bar
            Layout.leftMargin: Theme.spacing / 2
            active: !bar.twoRows && !bar.compact
            sourceComponent: titleText
        }
        RowLayout {
            id: controlsRow
            Layout.fillHeight: true
            spacing: Theme.spacing / 2
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
        }
        Repeater {
            model: bar.twoRows ? [] : KioskViewModel.languages
            delegate: languageButton
        }
    }
    // Only to measure: the language buttons' width, wherever they are.
    RowLayout {
        id: languagesRow
        visible: false
        spacing: Theme.spacing / 2
        Repeater {
            model: KioskViewModel.languages
            delegate: KioskButton {
                required property var modelData
                text: modelData.name
                wrap: false
            }
        }
    }

    RowLayout {
        id: titleRow
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: topRow.bottom
        anchors.leftMargin: Theme.spacing
        anchors.rightMargin: Theme.spacing / 2
        height: implicitHeight
        visible: bar.twoRows
        spacing: Theme.spacing / 2
        Loader {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(Theme.touchTarget, item ? item.implicitHeight : 0)
            active: bar.twoRows
            sourceComponent: titleText
        }
        Repeater {
            model: bar.twoRows ? KioskViewModel.languages : []
            delegate: languageButton
        }
    }

    Popup {
        id: fullTitle
        objectName: "fullTitle"
        parent: Overlay.overlay
        x: Theme.spacing
        y: bar.height
        width: (parent ? parent.width : bar.width) - Theme.spacing * 2
        padding: Theme.spacing
        modal: true
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radius
            border.width: 2
            border.color: Theme.border
        }
        contentItem: Label {
            text: bar.title
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
        }
        // Any tap closes it.
        TapHandler { onTapped: fullTitle.close() }
    }
}
