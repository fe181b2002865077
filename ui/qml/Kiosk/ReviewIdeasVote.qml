import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The review's part for an ideas call (new ideas, ideas supported) or a vote ("You chose …").
Column {
    id: root
    property string kind: ""
    signal changeRequested()
    spacing: 12

    component Heading: Label {
        width: root.width
        color: Theme.text
        font.pixelSize: Theme.titleSize
        font.weight: Font.Bold
        wrapMode: Text.Wrap
    }
    component Card: Rectangle {
        default property alias content: cardColumn.data
        width: root.width
        height: cardColumn.implicitHeight + Theme.spacing * 1.5
        radius: Theme.radius
        color: Theme.surface
        border.width: 2
        border.color: Theme.border
        ColumnLayout {
            id: cardColumn
            x: Theme.spacing
            y: Theme.spacing * 0.75
            width: parent.width - Theme.spacing * 2
            spacing: 4
        }
    }

    // -- an ideas call --
    Heading {
        visible: root.kind === "ideas"
        text: qsTr("Your new ideas (%1)").arg(IdeasViewModel.ideaCount)
    }
    Repeater {
        model: root.kind === "ideas" ? IdeasViewModel.myIdeas : null
        delegate: Card {
            id: ideaCard
            required property int index
            required property string category
            required property string hamlet
            required property string problem
            required property string proposal
            objectName: "reviewIdea_" + index
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        text: ideaCard.category + " · " + ideaCard.hamlet
                        color: Theme.selected
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.DemiBold
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: ideaCard.problem !== ""
                        text: qsTr("Problem: %1").arg(ideaCard.problem)
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: ideaCard.proposal !== ""
                        text: qsTr("Proposal: %1").arg(ideaCard.proposal)
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                }
                KioskButton {
                    objectName: "removeIdea_" + ideaCard.index
                    text: qsTr("Remove")
                    onClicked: IdeasViewModel.removeIdea(ideaCard.index)
                }
            }
        }
    }
    Heading {
        visible: root.kind === "ideas"
        text: qsTr("Ideas you support (%1)").arg(IdeasViewModel.supportCount)
    }
    Repeater {
        model: root.kind === "ideas" ? IdeasViewModel.mySupports : null
        delegate: Card {
            id: supportCard
            required property int index
            required property string ideaId
            required property string ref
            required property string text
            objectName: "reviewSupport_" + index
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    text: supportCard.text + "  (" + qsTr("Ref. %1").arg(supportCard.ref) + ")"
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                KioskButton {
                    objectName: "withdrawSupport_" + supportCard.index
                    text: qsTr("Withdraw")
                    onClicked: IdeasViewModel.toggleSupport(supportCard.ideaId)
                }
            }
        }
    }
    KioskButton {
        objectName: "backToIdeas"
        visible: root.kind === "ideas"
        text: qsTr("Back to the ideas")
        onClicked: root.changeRequested()
    }

    // -- a vote --
    Heading {
        visible: root.kind === "vote"
        text: qsTr("Your vote")
    }
    Card {
        visible: root.kind === "vote"
        Label {
            objectName: "reviewVoteChoice"
            Layout.fillWidth: true
            text: VoteViewModel.chosenCount > 0
                  ? qsTr("You chose: %1").arg(VoteViewModel.chosenTitles.join("; "))
                  : qsTr("You have not chosen an option yet.")
            color: Theme.text
            font.pixelSize: Theme.readingSize
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Once sent, your vote is locked: the receipt shows that you voted, not what you chose.")
            color: Theme.mutedText
            font.pixelSize: Theme.smallSize
            wrapMode: Text.Wrap
        }
    }
    KioskButton {
        objectName: "changeVote"
        visible: root.kind === "vote"
        text: qsTr("Change my choice")
        onClicked: root.changeRequested()
    }
}
