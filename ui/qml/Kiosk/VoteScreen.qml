import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// A vote: the shortlist as large cards. One choice, or up to N with a counter.
// The choice is sealed when sent: the receipt never shows it.
Page {
    id: page
    objectName: "voteScreen"
    title: qsTr("Vote")
    signal continueRequested()
    background: Rectangle { color: Theme.background }

    function reset() {
        optionList.positionViewAtBeginning()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 1.5
        spacing: Theme.spacing * 0.75

        Label {
            Layout.fillWidth: true
            text: VoteViewModel.title
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.Bold
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: VoteViewModel.maxChoices > 1
                      ? qsTr("Choose up to %1 options. Touch an option again to take it back.").arg(VoteViewModel.maxChoices)
                      : qsTr("Choose one option. Touch it again to take it back.")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "voteCounter"
                visible: VoteViewModel.maxChoices > 1
                text: qsTr("Chosen: %1 of %2").arg(VoteViewModel.chosenCount).arg(VoteViewModel.maxChoices)
                color: Theme.selected
                font.pixelSize: Theme.readingSize
                font.weight: Font.Bold
            }
        }

        ListView {
            id: optionList
            objectName: "voteOptions"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacing / 2
            boundsBehavior: Flickable.StopAtBounds
            model: VoteViewModel.options
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            delegate: AbstractButton {
                id: option
                required property int index
                required property int position
                required property string title
                required property string description
                required property bool chosen
                objectName: "voteOption_" + index
                width: ListView.view.width
                implicitHeight: Math.max(Theme.touchTarget, optionText.implicitHeight + Theme.spacing * 1.5)
                focusPolicy: Qt.NoFocus
                background: Rectangle {
                    radius: Theme.radius
                    color: option.chosen ? Theme.selected : option.down ? Theme.pressed : Theme.surface
                    border.width: 2
                    border.color: option.chosen ? Theme.selected : Theme.border
                }
                contentItem: Item {
                    Rectangle {
                        id: mark
                        x: Theme.spacing
                        anchors.verticalCenter: parent.verticalCenter
                        width: 40
                        height: 40
                        radius: VoteViewModel.maxChoices > 1 ? 8 : 20
                        color: Theme.surface
                        border.width: 3
                        border.color: option.chosen ? Theme.selectedText : Theme.text
                        Rectangle {
                            anchors.centerIn: parent
                            width: 20
                            height: 20
                            radius: VoteViewModel.maxChoices > 1 ? 4 : 10
                            color: Theme.selected
                            visible: option.chosen
                        }
                    }
                    ColumnLayout {
                        id: optionText
                        x: mark.x + mark.width + Theme.spacing
                        width: parent.width - x - Theme.spacing
                        anchors.verticalCenter: parent.verticalCenter
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            text: option.position + ". " + option.title
                            color: option.chosen ? Theme.selectedText : Theme.text
                            font.pixelSize: Theme.readingSize
                            font.weight: Font.DemiBold
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: option.description !== ""
                            text: option.description
                            color: option.chosen ? Theme.selectedText : Theme.mutedText
                            font.pixelSize: Theme.bodySize
                            wrapMode: Text.Wrap
                        }
                    }
                }
                onClicked: VoteViewModel.choose(index)
            }
        }

        Label {
            objectName: "voteError"
            Layout.fillWidth: true
            visible: VoteViewModel.errorMessage !== ""
            text: VoteViewModel.errorMessage
            color: Theme.danger
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: qsTr("Your vote is locked so that only the centre can count it. The receipt does not show your choice.")
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }
            KioskButton {
                objectName: "voteContinue"
                primary: true
                enabled: VoteViewModel.chosenCount > 0
                text: qsTr("Continue ›")
                onClicked: page.continueRequested()
            }
        }
    }
}
