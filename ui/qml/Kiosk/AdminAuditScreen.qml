import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Every privileged action, newest first, and whether the log's chain shows any entry changed.
Page {
    id: page
    objectName: "adminAuditScreen"
    title: qsTr("Audit log")
    background: Rectangle { color: Theme.background }

    function reset() {}
    Component.onCompleted: AuditLogViewModel.refresh()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 1.5
        spacing: Theme.spacing / 2
        StaffNotice {
            objectName: "auditChain"
            Layout.fillWidth: true
            good: AuditLogViewModel.outcome === "ok"
            text: AuditLogViewModel.message
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Repeater {
                model: [
                    { label: qsTr("Time"), width: 200 },
                    { label: qsTr("Who"), width: 160 },
                    { label: qsTr("What"), width: 300 },
                    { label: qsTr("Details"), width: -1 }
                ]
                delegate: Label {
                    required property var modelData
                    Layout.preferredWidth: modelData.width
                    Layout.fillWidth: modelData.width < 0
                    text: modelData.label
                    color: Theme.text
                    font.pixelSize: Theme.smallSize
                    font.weight: Font.Bold
                }
            }
        }
        ListView {
            objectName: "auditList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 4
            boundsBehavior: Flickable.StopAtBounds
            model: AuditLogViewModel.entries
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            delegate: Rectangle {
                id: entry
                required property int index
                required property string at
                required property string actor
                required property string action
                required property string detail
                objectName: "auditEntry_" + index
                width: ListView.view.width
                height: entryRow.implicitHeight + 12
                color: index % 2 ? Theme.background : Theme.surface
                RowLayout {
                    id: entryRow
                    y: 6
                    width: parent.width
                    spacing: Theme.spacing
                    Label { Layout.preferredWidth: 200; text: entry.at; color: Theme.text; font.pixelSize: Theme.smallSize }
                    Label {
                        Layout.preferredWidth: 160
                        text: entry.actor
                        color: Theme.text
                        font.pixelSize: Theme.smallSize
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.preferredWidth: 300
                        text: entry.action
                        color: Theme.text
                        font.pixelSize: Theme.smallSize
                        font.weight: Font.DemiBold
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        text: entry.detail
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallSize
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    }
                }
            }
        }
    }
}
