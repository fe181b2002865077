import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Search inside the draft, with or without marks: "dat dai" finds "đất đai".
Page {
    id: page
    objectName: "searchScreen"
    title: qsTr("Search the draft")
    signal resultChosen(int nodeId)
    background: Rectangle { color: Theme.background }

    Component.onCompleted: field.forceActiveFocus()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 2
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: qsTr("Type a word. Marks are not needed: “dat dai” also finds “đất đai”.")
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        KioskTextField {
            id: field
            objectName: "searchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Word to search")
            text: SearchViewModel.query
            onEdited: (text) => SearchViewModel.search(ReaderViewModel.consultationCode, text)
        }
        Label {
            objectName: "nothingFound"
            Layout.fillWidth: true
            visible: SearchViewModel.nothingFound
            text: qsTr("Nothing found. Try another word, or fewer words.")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        ListView {
            id: results
            objectName: "searchResults"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacing / 2
            boundsBehavior: Flickable.StopAtBounds
            model: SearchViewModel.results
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            delegate: ItemDelegate {
                id: hit
                required property int index
                required property int nodeId
                required property string label
                required property string snippet
                objectName: "result_" + index
                width: ListView.view.width
                implicitHeight: Math.max(Theme.touchTarget, hitColumn.implicitHeight + Theme.spacing * 1.5)
                leftPadding: Theme.spacing
                rightPadding: Theme.spacing
                onClicked: page.resultChosen(nodeId)
                background: Rectangle {
                    radius: Theme.radius
                    color: hit.down ? Theme.pressed : Theme.surface
                    border.width: 2
                    border.color: Theme.border
                }
                contentItem: ColumnLayout {
                    id: hitColumn
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        text: hit.label
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.Bold
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        text: hit.snippet
                        textFormat: Text.StyledText
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
}
