import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// A new idea: its topic, the hamlet it concerns, the problem and the proposal.
// Saving keeps it for this visit; it is sent after the review.
Page {
    id: page
    objectName: "ideaFormScreen"
    title: qsTr("A new idea")
    signal saved()
    signal cancelled()
    background: Rectangle { color: Theme.background }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScrollPage {
            id: scroll
            objectName: "ideaFormView"
            Layout.fillWidth: true
            Layout.fillHeight: true

            Label {
                width: parent.width
                text: qsTr("1. What is it about?")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
                wrapMode: Text.WordWrap
            }
            Flow {
                width: parent.width
                spacing: Theme.spacing / 2
                Repeater {
                    model: IdeasViewModel.categories
                    delegate: KioskButton {
                        required property int index
                        required property string modelData
                        objectName: "category_" + index
                        text: modelData
                        selected: IdeaFormViewModel.category === modelData
                        onClicked: IdeaFormViewModel.setCategory(modelData)
                    }
                }
            }
            Label {
                width: parent.width
                text: qsTr("2. Which hamlet does it concern?")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
                wrapMode: Text.WordWrap
            }
            Flow {
                width: parent.width
                spacing: Theme.spacing / 2
                visible: IdeasViewModel.hamlets.length > 0
                Repeater {
                    model: IdeasViewModel.hamlets
                    delegate: KioskButton {
                        required property int index
                        required property string modelData
                        objectName: "hamlet_" + index
                        text: modelData
                        selected: IdeaFormViewModel.hamlet === modelData
                        onClicked: {
                            hamlet.text = modelData
                            IdeaFormViewModel.setHamlet(modelData)
                        }
                    }
                }
            }
            KioskTextField {
                id: hamlet
                objectName: "hamletField"
                width: parent.width
                placeholderText: IdeasViewModel.hamlets.length > 0 ? qsTr("Or type the name of the hamlet") : qsTr("Type the name of the hamlet")
                Component.onCompleted: text = IdeaFormViewModel.hamlet
                onEdited: (text) => IdeaFormViewModel.setHamlet(text)
                onActiveFocusChanged: if (activeFocus) scroll.focusField = hamlet
            }
            Label {
                width: parent.width
                text: qsTr("3. The problem you see")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
                wrapMode: Text.WordWrap
            }
            KioskTextArea {
                id: problem
                objectName: "problemBox"
                width: parent.width
                implicitHeight: 130
                area.objectName: "problemField"
                placeholderText: qsTr("For example: the road to the school floods every rainy season.")
                Component.onCompleted: text = IdeaFormViewModel.problem
                onEdited: (text) => IdeaFormViewModel.setProblem(text)
            }
            Label {
                width: parent.width
                text: qsTr("4. What you propose")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
                wrapMode: Text.WordWrap
            }
            KioskTextArea {
                id: proposal
                objectName: "proposalBox"
                width: parent.width
                implicitHeight: 130
                area.objectName: "proposalField"
                placeholderText: qsTr("For example: raise the road and dig a drain along it.")
                Component.onCompleted: text = IdeaFormViewModel.proposal
                onEdited: (text) => IdeaFormViewModel.setProposal(text)
            }
            Label {
                width: parent.width
                visible: !Qt.inputMethod.visible
                text: qsTr("Write the problem, the proposal, or both. Vietnamese marks: type Telex or use the keys above the keyboard.")
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            spacing: Theme.spacing / 2
            Label {
                objectName: "ideaError"
                Layout.fillWidth: true
                visible: IdeaFormViewModel.errorMessage !== ""
                text: IdeaFormViewModel.errorMessage
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                KioskButton {
                    objectName: "cancelIdea"
                    text: qsTr("Cancel")
                    onClicked: page.cancelled()
                }
                Label {
                    Layout.fillWidth: true
                    visible: !IdeaFormViewModel.canSave
                    text: qsTr("Choose a topic and a hamlet, and write the problem or the proposal.")
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.Wrap
                    horizontalAlignment: Text.AlignRight
                }
                Item { Layout.fillWidth: true; visible: IdeaFormViewModel.canSave }
                KioskButton {
                    objectName: "saveIdea"
                    primary: true
                    enabled: IdeaFormViewModel.canSave
                    text: qsTr("Keep this idea")
                    onClicked: if (IdeaFormViewModel.save()) page.saved()
                }
            }
        }
    }

    Connections {
        target: problem.area
        function onActiveFocusChanged() { if (problem.area.activeFocus) scroll.focusField = problem }
    }
    Connections {
        target: proposal.area
        function onActiveFocusChanged() { if (proposal.area.activeFocus) scroll.focusField = proposal }
    }
}
