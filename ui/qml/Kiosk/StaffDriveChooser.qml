import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// The USB sticks plugged in (one button each) and, when ``showFiles``, the files on the one chosen.
// ``browser`` is a view-model's DriveBrowser; ``fileChosen(path)`` when a file is touched.
Column {
    id: chooser
    property var browser
    property bool showFiles: true
    property string fileAction: qsTr("Open")
    property bool busy: false
    signal fileChosen(string path)
    spacing: Theme.spacing / 2

    // Null-safe: the view-models go before the screens when the window closes.
    readonly property int driveCount: browser ? browser.drives.count : 0
    readonly property int fileCount: browser ? browser.files.count : 0
    readonly property string currentDrive: browser ? browser.currentDrive : ""
    Component.onCompleted: browser.refresh()

    RowLayout {
        width: parent.width
        spacing: Theme.spacing / 2
        Label {
            Layout.fillWidth: true
            text: chooser.driveCount > 0 ? qsTr("USB stick:") : qsTr("No USB stick found. Plug one in, then touch “Look again”.")
            color: chooser.driveCount > 0 ? Theme.text : Theme.danger
            font.pixelSize: Theme.bodySize
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
        }
        KioskButton {
            objectName: "driveRefresh"
            text: qsTr("Look again")
            enabled: !chooser.busy
            onClicked: chooser.browser.refresh()
        }
    }
    Flow {
        width: parent.width
        spacing: Theme.spacing / 2
        Repeater {
            model: chooser.browser ? chooser.browser.drives : null
            delegate: KioskButton {
                required property int index
                required property string path
                required property string label
                required property string detail
                objectName: "drive_" + index
                enabled: !chooser.busy
                selected: path === chooser.currentDrive
                text: detail !== "" ? label + " · " + qsTr("%1 free").arg(detail) : label
                onClicked: chooser.browser.chooseDrive(path)
            }
        }
    }
    Label {
        width: parent.width
        visible: chooser.showFiles && chooser.currentDrive !== "" && chooser.fileCount === 0
        text: qsTr("There is no suitable file on this USB stick.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    Repeater {
        model: chooser.showFiles && chooser.browser ? chooser.browser.files : null
        delegate: Rectangle {
            id: fileRow
            required property int index
            required property string path
            required property string name
            required property string detail
            width: chooser.width
            height: fileLine.implicitHeight + Theme.spacing
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            RowLayout {
                id: fileLine
                x: Theme.spacing
                y: Theme.spacing / 2
                width: fileRow.width - Theme.spacing * 2
                spacing: Theme.spacing
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: fileRow.name
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.DemiBold
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    }
                    Label {
                        Layout.fillWidth: true
                        text: fileRow.detail
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallSize
                    }
                }
                KioskButton {
                    objectName: "file_" + fileRow.index
                    primary: true
                    enabled: !chooser.busy
                    text: chooser.fileAction
                    onClicked: chooser.fileChosen(fileRow.path)
                }
            }
        }
    }
}
