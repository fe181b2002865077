import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// A stance and a comment on one article. Saving keeps it for this visit; sending comes later.
Page {
    id: page
    objectName: "feedbackScreen"
    title: qsTr("Comment on %1").arg(FeedbackViewModel.label)
    signal saved()
    signal cancelled()
    background: Rectangle { color: Theme.background }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 1.5
        spacing: Theme.spacing * 0.75

        Label {
            Layout.fillWidth: true
            visible: !(Qt.inputMethod.visible && page.height < 480)  // typing on a short screen: the field first
            text: FeedbackViewModel.heading
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.Bold
            elide: Text.ElideRight
            maximumLineCount: 2
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: !Qt.inputMethod.visible
            text: qsTr("Do you agree with this article?")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Repeater {
                model: [
                    { stance: "agree", label: qsTr("Agree") },
                    { stance: "disagree", label: qsTr("Disagree") },
                    { stance: "other", label: qsTr("Other opinion") }
                ]
                delegate: KioskButton {
                    required property var modelData
                    objectName: "stance_" + modelData.stance
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    fontSize: Theme.controlSize + 4
                    text: modelData.label
                    selected: FeedbackViewModel.stance === modelData.stance
                    onClicked: FeedbackViewModel.setStance(modelData.stance)
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: !Qt.inputMethod.visible
            text: qsTr("Your comment (you may leave it empty). Touch the box to type.")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        KioskTextArea {
            id: comment
            objectName: "commentBox"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 100
            area.objectName: "commentField"
            placeholderText: qsTr("Write here what you think should change, and why.")
            Component.onCompleted: text = FeedbackViewModel.comment
            onEdited: (text) => FeedbackViewModel.setComment(text)
        }
        Label {
            Layout.fillWidth: true
            visible: !Qt.inputMethod.visible
            text: qsTr("Vietnamese marks: type Telex (aa → â, dd → đ, s → sắc, f → huyền…) or use the keys above the keyboard.")
            color: Theme.mutedText
            font.pixelSize: Theme.smallSize
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: FeedbackViewModel.errorMessage !== ""
            text: FeedbackViewModel.errorMessage
            color: Theme.danger
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing / 2
            KioskButton {
                objectName: "cancelComment"
                Layout.fillWidth: true
                Layout.maximumWidth: fitWidth
                text: qsTr("Cancel")
                onClicked: page.cancelled()
            }
            KioskButton {
                objectName: "removeComment"
                Layout.fillWidth: true
                Layout.maximumWidth: fitWidth
                visible: FeedbackViewModel.existing
                text: qsTr("Remove this comment")
                onClicked: {
                    FeedbackViewModel.remove()
                    page.cancelled()
                }
            }
            Item { Layout.fillWidth: true }
            Label {
                visible: !FeedbackViewModel.canSave
                text: qsTr("Choose one of the three answers first.")
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
                Layout.maximumWidth: 320
            }
            KioskButton {
                objectName: "saveComment"
                Layout.fillWidth: true
                Layout.maximumWidth: fitWidth
                primary: true
                enabled: FeedbackViewModel.canSave
                text: qsTr("Save comment")
                onClicked: if (FeedbackViewModel.save()) page.saved()
            }
        }
    }
}
