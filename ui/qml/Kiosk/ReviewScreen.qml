import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Everything that will be sent, each part with a way to change it, then "Send".
Page {
    id: page
    objectName: "reviewScreen"
    title: qsTr("Check and send")
    signal editComment(int nodeId)
    signal editAnswers()
    signal editDetails()
    signal readMore()
    background: Rectangle { color: Theme.background }

    function stanceText(stance) {
        return stance === "agree" ? qsTr("Agree") : stance === "disagree" ? qsTr("Disagree") : qsTr("Other opinion")
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScrollPage {
            Layout.fillWidth: true
            Layout.fillHeight: true

            Label {
                objectName: "reviewStored"
                width: parent.width
                visible: ReviewViewModel.storedCode !== ""
                text: qsTr("Your feedback has been sent and stored. Your receipt code: %1").arg(ReviewViewModel.storedCode)
                color: Theme.done
                font.pixelSize: Theme.titleSize
                font.weight: Font.Bold
                wrapMode: Text.Wrap
            }
            Label {
                width: parent.width
                visible: ReviewViewModel.storedCode === ""
                text: qsTr("Please check your feedback. Nothing is sent until you press “Send feedback”.")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }

            Label {
                width: parent.width
                visible: ReviewViewModel.kind === "draft"
                text: qsTr("Your comments (%1)").arg(ReviewViewModel.itemCount)
                color: Theme.text
                font.pixelSize: Theme.titleSize
                font.weight: Font.Bold
            }
            Label {
                width: parent.width
                visible: ReviewViewModel.itemCount === 0 && ReviewViewModel.kind === "draft"
                text: qsTr("You have not commented on any article.")
                color: Theme.mutedText
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            Repeater {
                model: ReviewViewModel.items
                delegate: Rectangle {
                    id: item
                    required property int index
                    required property int nodeId
                    required property string heading
                    required property string stance
                    required property string comment
                    objectName: "reviewItem_" + index
                    width: parent.width
                    height: itemRow.implicitHeight + Theme.spacing * 2
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: 2
                    border.color: Theme.border
                    RowLayout {
                        id: itemRow
                        x: Theme.spacing
                        y: Theme.spacing
                        width: item.width - Theme.spacing * 2
                        spacing: Theme.spacing
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 4
                            Label {
                                Layout.fillWidth: true
                                text: item.heading
                                color: Theme.text
                                font.pixelSize: Theme.bodySize
                                font.weight: Font.Bold
                                wrapMode: Text.Wrap
                            }
                            Label {
                                Layout.fillWidth: true
                                text: page.stanceText(item.stance)
                                color: Theme.selected
                                font.pixelSize: Theme.bodySize
                                font.weight: Font.DemiBold
                            }
                            Label {
                                Layout.fillWidth: true
                                visible: item.comment !== ""
                                text: item.comment
                                color: Theme.text
                                font.pixelSize: Theme.bodySize
                                wrapMode: Text.Wrap
                            }
                        }
                        KioskButton {
                            objectName: "editItem_" + item.index
                            text: qsTr("Change")
                            onClicked: page.editComment(item.nodeId)
                        }
                    }
                }
            }
            KioskButton {
                objectName: "readMoreButton"
                visible: ReviewViewModel.kind === "draft"
                text: qsTr("Comment on another article")
                onClicked: page.readMore()
            }

            Label {
                width: parent.width
                visible: ReviewViewModel.kind !== "vote"
                text: qsTr("Your answers (%1)").arg(ReviewViewModel.answerCount)
                color: Theme.text
                font.pixelSize: Theme.titleSize
                font.weight: Font.Bold
            }
            Repeater {
                model: ReviewViewModel.answers
                delegate: Rectangle {
                    id: answerCard
                    required property int number
                    required property string question
                    required property string answer
                    width: parent.width
                    height: answerColumn.implicitHeight + Theme.spacing * 2
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: 2
                    border.color: Theme.border
                    ColumnLayout {
                        id: answerColumn
                        x: Theme.spacing
                        y: Theme.spacing
                        width: answerCard.width - Theme.spacing * 2
                        spacing: 4
                        Label {
                            Layout.fillWidth: true
                            text: answerCard.number + ". " + answerCard.question
                            color: Theme.text
                            font.pixelSize: Theme.bodySize
                            font.weight: Font.Bold
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: answerCard.answer
                            color: Theme.text
                            font.pixelSize: Theme.bodySize
                            wrapMode: Text.Wrap
                        }
                    }
                }
            }
            KioskButton {
                objectName: "editAnswers"
                visible: ReviewViewModel.kind !== "vote"
                text: ReviewViewModel.answerCount > 0 ? qsTr("Change my answers") : qsTr("Answer the questions")
                onClicked: page.editAnswers()
            }

            ReviewIdeasVote {
                width: parent.width
                visible: ReviewViewModel.kind !== "draft"
                kind: ReviewViewModel.kind
                onChangeRequested: page.readMore()
            }

            Label {
                width: parent.width
                text: qsTr("Your details")
                color: Theme.text
                font.pixelSize: Theme.titleSize
                font.weight: Font.Bold
            }
            Label {
                width: parent.width
                text: ReviewViewModel.consent && ReviewViewModel.details !== ""
                      ? ReviewViewModel.details : qsTr("None: your feedback is sent without your name.")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            KioskButton {
                objectName: "editDetails"
                text: qsTr("Change my details")
                onClicked: page.editDetails()
            }

            // Who is giving the feedback, for the drafting agency's report. Optional, one tap, and
            // nothing to do to send: not said counts as an individual's.
            Column {
                objectName: "contributorSection"
                width: parent.width
                visible: ReviewViewModel.kind === "draft" && ReviewViewModel.storedCode === ""
                spacing: Theme.spacing / 2
                Label {
                    width: parent.width
                    text: qsTr("You are giving this feedback as")
                    color: Theme.text
                    font.pixelSize: Theme.titleSize
                    font.weight: Font.Bold
                    wrapMode: Text.Wrap
                }
                Label {
                    width: parent.width
                    text: qsTr("You may skip this: if you choose nothing, your feedback counts as an individual's.")
                    color: Theme.mutedText
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                ContributorChoices {
                    width: parent.width
                    values: ReviewViewModel.contributorTypes
                    chosen: ReviewViewModel.contributorType
                    onChoose: (value) => ReviewViewModel.chooseContributor(value)
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            spacing: Theme.spacing / 2
            Label {
                objectName: "reviewError"
                Layout.fillWidth: true
                visible: ReviewViewModel.errorMessage !== ""
                text: ReviewViewModel.errorMessage
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    visible: !ReviewViewModel.hasFeedback
                    text: qsTr("Comment on an article or answer a question to send feedback.")
                    color: Theme.mutedText
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                Item { Layout.fillWidth: true; visible: ReviewViewModel.hasFeedback }
                KioskButton {
                    objectName: "sendButton"
                    primary: true
                    enabled: ReviewViewModel.hasFeedback
                    fontSize: Theme.controlSize + 4
                    text: ReviewViewModel.kind === "vote" ? qsTr("Send my vote") : qsTr("Send feedback")
                    onClicked: ReviewViewModel.send()
                }
            }
        }
    }
}
