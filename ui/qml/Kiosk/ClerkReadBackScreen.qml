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
        ContributorChoices {
            width: parent.width
            namePrefix: "readBackContributor_"
            values: ClerkEntryViewModel.contributorTypes
            chosen: ClerkEntryViewModel.contributorType
            onChoose: (value) => ClerkEntryViewModel.chooseContributor(value)
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
