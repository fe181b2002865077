import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Feedback a clerk enters: with a resident at the counter ("assisted"), or from a paper form
// ("paper", with the date written on the form). One stance and comment per article, then read back.
Page {
    id: page
    objectName: "clerkEntryScreen"
    property string mode: "assisted"
    title: mode === "paper" ? qsTr("Enter a paper form") : qsTr("Feedback with a resident")
    background: Rectangle { color: Theme.background }
    readonly property bool typing: Qt.inputMethod.visible

    function reset() {}
    Component.onCompleted: ClerkEntryViewModel.start(page.mode)

    Component {
        id: readBackPage
        ClerkReadBackScreen { mode: page.mode }
    }

    // The entry scrolls when it is taller than the screen (a short screen, a long language, the
    // largest text); the error and the row that leads on stay under it, always in sight.
    ColumnLayout {
        anchors.fill: parent
        anchors.bottomMargin: Theme.spacing * 1.5
        spacing: Theme.spacing * 0.75

        ScrollPage {
            id: scroll
            objectName: "entryScroll"
            Layout.fillWidth: true
            Layout.fillHeight: true
            focusField: page.Window.activeFocusItem

            ColumnLayout {
                id: entry
                width: parent.width
                // The whole height when it fits, so the articles and the comment box take the room left.
                height: Math.max(implicitHeight, scroll.height - Theme.spacing * 2)
                spacing: Theme.spacing * 0.75

                Label {
                    Layout.fillWidth: true
                    visible: !page.typing
                    text: page.mode === "paper"
                          ? qsTr("Copy the form as it is written: for each article the box ticked and the comment. Then check it.")
                          : qsTr("Ask the resident which articles they want to comment on. Then read everything back to them before sending.")
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                Flow {
                    Layout.fillWidth: true
                    visible: !page.typing && ClerkEntryViewModel.consultations.count > 1
                    spacing: Theme.spacing / 2
                    Repeater {
                        model: ClerkEntryViewModel.consultations
                        delegate: KioskButton {
                            required property int index
                            required property string code
                            required property string title
                            objectName: "entryConsultation_" + index
                            width: Math.min(implicitWidth, page.width / 2)
                            selected: code === ClerkEntryViewModel.consultationCode
                            text: title
                            onClicked: ClerkEntryViewModel.chooseConsultation(code)
                        }
                    }
                }
                Label {
                    objectName: "entryConsultationTitle"
                    Layout.fillWidth: true
                    visible: !page.typing
                    text: ClerkEntryViewModel.consultationCode !== "" ? ClerkEntryViewModel.consultationTitle
                                                                       : qsTr("There is no open consultation on a draft to enter feedback for.")
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.Bold
                    wrapMode: Text.WordWrap
                }
                Flow {  // the date under its label when the screen is narrow
                    Layout.fillWidth: true
                    visible: page.mode === "paper" && !page.typing
                    spacing: Theme.spacing
                    Label {
                        height: 64
                        verticalAlignment: Text.AlignVCenter
                        text: qsTr("Date on the form:")
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.DemiBold
                    }
                    StaffDatePicker {
                        name: "formDate"
                        day: ClerkEntryViewModel.formDay
                        month: ClerkEntryViewModel.formMonth
                        year: ClerkEntryViewModel.formYear
                        onStep: (part, delta) => ClerkEntryViewModel.stepDate(part, delta)
                    }
                }

                RowLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    spacing: Theme.spacing

                    // The articles: touch one to give its stance and comment; a mark shows those done.
                    ListView {
                        id: list
                        objectName: "entryArticles"
                        Layout.preferredWidth: Math.min(380, page.width * 0.4)
                        Layout.fillHeight: true
                        // A few articles in sight when the page scrolls; the list scrolls through the rest.
                        Layout.minimumHeight: Math.min(contentHeight, Theme.touchTarget * 5)
                        visible: !page.typing
                        clip: true
                        spacing: 6
                        boundsBehavior: Flickable.StopAtBounds
                        model: ClerkEntryViewModel.articles
                        ScrollIndicator.vertical: ScrollIndicator { active: true }
                        delegate: KioskButton {
                            id: articleButton
                            required property int index
                            required property int nodeId
                            required property string label
                            required property string stance
                            objectName: "entryArticle_" + index
                            width: ListView.view.width - 8
                            selected: nodeId === ClerkEntryViewModel.currentNodeId
                            fontSize: Theme.smallSize
                            text: (stance === "" ? "" : "✓ ") + label
                            contentItem: Label {
                                text: articleButton.text
                                font: articleButton.font
                                color: articleButton.ink
                                wrapMode: Text.WordWrap
                                verticalAlignment: Text.AlignVCenter
                            }
                            onClicked: ClerkEntryViewModel.chooseArticle(nodeId)
                        }
                    }

                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        spacing: Theme.spacing / 2
                        Label {
                            objectName: "entryCurrentArticle"
                            Layout.fillWidth: true
                            text: ClerkEntryViewModel.currentLabel
                            color: Theme.text
                            font.pixelSize: Theme.titleSize
                            font.weight: Font.Bold
                            wrapMode: Text.WordWrap
                        }
                        GridLayout {  // one under the other when the screen is narrow
                            Layout.fillWidth: true
                            columns: page.width < 900 ? 1 : 3
                            columnSpacing: Theme.spacing / 2
                            rowSpacing: Theme.spacing / 2
                            enabled: ClerkEntryViewModel.currentNodeId !== 0
                            Repeater {
                                model: [
                                    { stance: "agree", label: qsTr("Agree") },
                                    { stance: "disagree", label: qsTr("Disagree") },
                                    { stance: "other", label: qsTr("Other opinion") }
                                ]
                                delegate: KioskButton {
                                    required property var modelData
                                    objectName: "entryStance_" + modelData.stance
                                    Layout.fillWidth: true
                                    Layout.preferredWidth: 1
                                    text: modelData.label
                                    selected: ClerkEntryViewModel.currentStance === modelData.stance
                                    onClicked: ClerkEntryViewModel.setStance(modelData.stance)
                                }
                            }
                        }
                        KioskTextArea {
                            id: comment
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.minimumHeight: 100
                            area.objectName: "entryComment"
                            enabled: ClerkEntryViewModel.currentNodeId !== 0
                            placeholderText: qsTr("The comment, word for word (may be empty).")
                            onEdited: (text) => ClerkEntryViewModel.setComment(text)
                            Connections {
                                target: ClerkEntryViewModel
                                function onCurrentChanged() { comment.text = ClerkEntryViewModel.currentComment }
                            }
                            Component.onCompleted: text = ClerkEntryViewModel.currentComment
                        }
                        KioskButton {
                            objectName: "entryClearArticle"
                            visible: ClerkEntryViewModel.currentStance !== "" && !page.typing
                            text: qsTr("No opinion on this article")
                            onClicked: ClerkEntryViewModel.clearArticle()
                        }
                    }
                }
            }
        }

        Label {
            objectName: "entryError"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing * 2
            Layout.rightMargin: Theme.spacing * 2
            visible: ClerkEntryViewModel.errorMessage !== ""
            text: ClerkEntryViewModel.errorMessage
            color: Theme.danger
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing * 2
            Layout.rightMargin: Theme.spacing * 2
            spacing: Theme.spacing
            Label {
                objectName: "entryCount"
                Layout.fillWidth: true
                text: qsTr("%1 article(s) with an opinion.").arg(ClerkEntryViewModel.commentCount)
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            KioskButton {
                objectName: "entryDoneTyping"
                visible: page.typing
                text: qsTr("Done typing")
                onClicked: {
                    comment.area.focus = false
                    Qt.inputMethod.hide()
                }
            }
            KioskButton {
                objectName: "entryReview"
                primary: true
                visible: !page.typing
                enabled: ClerkEntryViewModel.commentCount > 0
                text: page.mode === "paper" ? qsTr("Check the form") : qsTr("Read back to the resident")
                onClicked: if (ClerkEntryViewModel.review()) page.StackView.view.push(readBackPage)
            }
        }
    }
}
