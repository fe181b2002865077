import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Before sending: everything entered, read back to the resident (or checked against the paper form).
StaffPage {
    id: page
    objectName: "clerkReadBackScreen"
    property string mode: "assisted"
    title: mode === "paper" ? qsTr("Check the form") : qsTr("Read back to the resident")

    function reset() {}
    function stanceText(stance) {
        return stance === "agree" ? qsTr("Agree") : stance === "disagree" ? qsTr("Disagree") : qsTr("Other opinion")
    }

    Component {
        id: sentPage
        ClerkSentScreen { mode: page.mode }
    }

    Label {
        width: parent.width
        text: page.mode === "paper"
              ? qsTr("Compare with the paper form. Nothing is stored until you press “Yes, send”.")
              : qsTr("Read this to the resident, slowly. Nothing is stored until they agree and you press “Yes, send”.")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        font.weight: Font.DemiBold
        wrapMode: Text.Wrap
    }
    Label {
        width: parent.width
        text: ClerkEntryViewModel.consultationTitle
        color: Theme.text
        font.pixelSize: Theme.bodySize
        font.weight: Font.Bold
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "readBackChannel"
        width: parent.width
        text: page.mode === "paper"
              ? qsTr("Paper form dated %1, entered by %2.").arg(ClerkEntryViewModel.formDateText).arg(ClerkEntryViewModel.clerkName)
              : qsTr("Entered with the help of clerk %1.").arg(ClerkEntryViewModel.clerkName)
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    Repeater {
        model: ClerkEntryViewModel.readBack
        delegate: Rectangle {
            id: line
            required property int index
            required property string label
            required property string stance
            required property string comment
            objectName: "readBack_" + index
            width: parent.width
            height: lineColumn.implicitHeight + Theme.spacing * 2
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            ColumnLayout {
                id: lineColumn
                x: Theme.spacing
                y: Theme.spacing
                width: line.width - Theme.spacing * 2
                spacing: 4
                Label {
                    Layout.fillWidth: true
                    text: line.label
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.Bold
                    wrapMode: Text.Wrap
                }
                Label {
                    objectName: "readBackStance_" + line.index
                    Layout.fillWidth: true
                    text: page.stanceText(line.stance)
                    color: Theme.selected
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.DemiBold
                }
                Label {
                    objectName: "readBackComment_" + line.index
                    Layout.fillWidth: true
                    text: line.comment !== "" ? line.comment : qsTr("(no comment)")
                    color: line.comment !== "" ? Theme.text : Theme.mutedText
                    font.pixelSize: Theme.readingSize
                    wrapMode: Text.Wrap
                }
            }
        }
    }
    // Who is giving the feedback, for the drafting agency's report: optional and one tap, as on the
    // villager's review. With a resident, the clerk asks; from paper, the clerk copies what the form says.
    Column {
        objectName: "readBackContributor"
        width: parent.width
        spacing: Theme.spacing / 2
        Label {
            width: parent.width
            text: page.mode === "paper" ? qsTr("The form says the feedback is given as") : qsTr("The resident is giving this feedback as")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            font.weight: Font.Bold
            wrapMode: Text.Wrap
        }
        Label {
            width: parent.width
            text: page.mode === "paper"
                  ? qsTr("If the form does not say, choose nothing: the feedback counts as an individual's.")
                  : qsTr("Ask the resident; they may skip it. If nothing is chosen, the feedback counts as an individual's.")
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        GridLayout {
            id: contributorGrid
            width: parent.width
            readonly property int choiceCount: contributorRepeater.count
            property real widest: Theme.touchTarget
            // As many in a row as fit at full width, the rows balanced: 5, or 3 + 2, or 2 + 2 + 1.
            readonly property int fitting: Math.max(1, Math.min(choiceCount, Math.floor((width + columnSpacing) / (widest + columnSpacing))))
            columns: choiceCount > 0 ? Math.ceil(choiceCount / Math.ceil(choiceCount / fitting)) : 1
            rowSpacing: Theme.spacing / 2
            columnSpacing: Theme.spacing / 2
            function measure() {
                var widest = Theme.touchTarget
                for (var i = 0; i < contributorRepeater.count; i++) {
                    var choice = contributorRepeater.itemAt(i)
                    if (choice)
                        widest = Math.max(widest, Math.ceil(choice.implicitWidth))
                }
                contributorGrid.widest = widest
            }
            Repeater {
                id: contributorRepeater
                model: ClerkEntryViewModel.contributorChoices
                onItemAdded: contributorGrid.measure()
                delegate: ChoiceButton {
                    required property var modelData
                    objectName: "readBackContributor_" + modelData.value
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 1
                    chosen: ClerkEntryViewModel.contributorType === modelData.value
                    text: modelData.label
                    onClicked: ClerkEntryViewModel.chooseContributor(modelData.value)
                    onImplicitWidthChanged: contributorGrid.measure()
                }
            }
        }
    }
    Label {
        objectName: "readBackError"
        width: parent.width
        visible: ClerkEntryViewModel.errorMessage !== ""
        text: ClerkEntryViewModel.errorMessage
        color: Theme.danger
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    RowLayout {
        width: parent.width
        spacing: Theme.spacing
        KioskButton {
            objectName: "readBackEdit"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.preferredHeight: 80
            text: qsTr("Change something")
            onClicked: page.StackView.view.pop()
        }
        KioskButton {
            objectName: "readBackConfirm"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.preferredHeight: 80
            primary: true
            enabled: ClerkEntryViewModel.readBack.count > 0
            fontSize: Theme.controlSize + 4
            text: qsTr("Yes, send")
            onClicked: if (ClerkEntryViewModel.send()) page.StackView.view.push(sentPage)
        }
    }
}
