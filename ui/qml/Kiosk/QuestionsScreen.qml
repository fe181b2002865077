import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The consultation's questions. Every answer is optional.
Page {
    id: page
    objectName: "questionsScreen"
    title: qsTr("Questions")
    signal continueRequested()
    background: Rectangle { color: Theme.background }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScrollPage {
            id: scroll
            objectName: "questionsView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label {
                width: parent.width
                text: QuestionsViewModel.questions.count > 0
                      ? qsTr("The drafting agency asks these questions. Answer the ones you wish; you may skip any.")
                      : qsTr("This consultation asks no questions.")
                color: Theme.mutedText
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            Repeater {
                model: QuestionsViewModel.questions
                delegate: Rectangle {
                    id: card
                    required property int questionId
                    required property int number
                    required property string kind
                    required property string question
                    required property var options
                    required property var chosen
                    required property string answer
                    objectName: "question_" + number
                    width: parent.width
                    height: body.implicitHeight + Theme.spacing * 2
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: 2
                    border.color: Theme.border
                    ColumnLayout {
                        id: body
                        x: Theme.spacing
                        y: Theme.spacing
                        width: card.width - Theme.spacing * 2
                        spacing: Theme.spacing / 2
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("Question %1").arg(card.number)
                            color: Theme.mutedText
                            font.pixelSize: Theme.smallSize
                            font.weight: Font.Bold
                        }
                        Label {
                            Layout.fillWidth: true
                            text: card.question
                            color: Theme.text
                            font.pixelSize: Theme.readingSize
                            font.weight: Font.DemiBold
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: card.kind === "multiple"
                            text: qsTr("You may choose several.")
                            color: Theme.mutedText
                            font.pixelSize: Theme.smallSize
                        }
                        GridLayout {
                            Layout.fillWidth: true
                            visible: card.kind !== "text"
                            columns: card.kind === "scale" ? Math.max(1, Math.min(card.options.length, Math.floor(width / 200))) : 1
                            rowSpacing: Theme.spacing / 2
                            columnSpacing: Theme.spacing / 2
                            Repeater {
                                model: card.kind !== "text" ? card.options : []
                                delegate: ChoiceButton {
                                    required property int index
                                    required property string modelData
                                    objectName: "option_" + card.number + "_" + index
                                    Layout.fillWidth: true
                                    Layout.preferredWidth: 1
                                    multiple: card.kind === "multiple"
                                    chosen: card.chosen.indexOf(index) !== -1
                                    text: modelData
                                    onClicked: QuestionsViewModel.choose(card.questionId, index)
                                }
                            }
                        }
                        KioskTextArea {
                            id: answerBox
                            Layout.fillWidth: true
                            Layout.preferredHeight: 150
                            visible: card.kind === "text"
                            area.objectName: "answer_" + card.number
                            placeholderText: qsTr("Write your answer here.")
                            Component.onCompleted: text = card.answer
                            onEdited: (text) => QuestionsViewModel.writeAnswer(card.questionId, text)
                            area.onActiveFocusChanged: if (area.activeFocus) scroll.focusField = answerBox
                        }
                    }
                }
            }
            Label {
                width: parent.width
                visible: QuestionsViewModel.errorMessage !== ""
                text: QuestionsViewModel.errorMessage
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: qsTr("%n question(s) answered", "", QuestionsViewModel.answered)
                color: Theme.mutedText
                font.pixelSize: Theme.bodySize
                elide: Text.ElideRight
            }
            KioskButton {
                objectName: "questionsContinue"
                primary: true
                text: qsTr("Continue ›")
                onClicked: page.continueRequested()
            }
        }
    }
}
