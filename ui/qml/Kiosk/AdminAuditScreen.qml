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
    // Columns share a wide screen: they keep their width and the details take the rest. On a narrow one
    // (a portrait screen, or the largest text) each entry is two lines instead: when, who and what, then the details.
    readonly property bool narrow: width < 900 * Theme.textScale
    readonly property real timeWidth: Math.min(200 * Theme.textScale, width * 0.25)
    readonly property real whoWidth: Math.min(160, width * 0.15)
    readonly property real whatWidth: Math.min(300, width * 0.2)
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
            visible: !page.narrow
            spacing: Theme.spacing
            Repeater {
                model: [
                    { label: qsTr("Time"), width: page.timeWidth },
                    { label: qsTr("Who"), width: page.whoWidth },
                    { label: qsTr("What"), width: page.whatWidth },
                    { label: qsTr("Details"), width: -1 }
                ]
                delegate: Label {
                    required property var modelData
                    Layout.preferredWidth: modelData.width
                    Layout.fillWidth: modelData.width < 0
                    Layout.minimumWidth: modelData.width < 0 ? implicitWidth : 0
                    wrapMode: Text.WordWrap
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
                height: shape.implicitHeight + 12
                color: index % 2 ? Theme.background : Theme.surface
                Loader {
                    id: shape
                    x: page.narrow ? Theme.spacing / 2 : 0
                    y: 6
                    width: parent.width - 2 * x
                    sourceComponent: page.narrow ? stacked : columns
                }
                Component {
                    id: columns
                    RowLayout {
                        spacing: Theme.spacing
                        Label {
                            Layout.preferredWidth: page.timeWidth
                            text: entry.at
                            color: Theme.text
                            font.pixelSize: Theme.smallSize
                            wrapMode: Text.WordWrap  // the time under the date when the column is narrow
                        }
                        Label {
                            Layout.preferredWidth: page.whoWidth
                            text: entry.actor
                            color: Theme.text
                            font.pixelSize: Theme.smallSize
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere  // an account's user name, whole
                        }
                        Label {
                            Layout.preferredWidth: page.whatWidth
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
                Component {
                    id: stacked
                    Column {
                        spacing: 2
                        Flow {
                            width: parent.width
                            spacing: Theme.spacing
                            Label {
                                width: Math.min(implicitWidth, parent.width)
                                text: entry.at
                                color: Theme.text
                                font.pixelSize: Theme.smallSize
                                wrapMode: Text.WordWrap
                            }
                            Label {
                                width: Math.min(implicitWidth, parent.width)
                                text: entry.actor
                                color: Theme.text
                                font.pixelSize: Theme.smallSize
                                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            }
                            Label {
                                width: Math.min(implicitWidth, parent.width)
                                text: entry.action
                                color: Theme.text
                                font.pixelSize: Theme.smallSize
                                font.weight: Font.DemiBold
                                wrapMode: Text.Wrap
                            }
                        }
                        Label {
                            width: parent.width
                            visible: text !== ""
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
}
