import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Personal details, only after an explicit "yes". "No" is chosen until the person changes it.
Page {
    id: page
    objectName: "consentScreen"
    title: qsTr("Your details (optional)")
    signal continueRequested()
    background: Rectangle { color: Theme.background }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScrollPage {
            id: scroll
            objectName: "consentView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label {
                width: parent.width
                text: qsTr("You may leave your details so that the commune can contact you about your feedback. You do not have to: feedback without a name counts just the same.")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            ChoiceButton {
                objectName: "consentNo"
                width: parent.width
                chosen: !ConsentViewModel.consent
                text: qsTr("No, send my feedback without my details")
                onClicked: ConsentViewModel.setConsent(false)
            }
            ChoiceButton {
                objectName: "consentYes"
                width: parent.width
                chosen: ConsentViewModel.consent
                text: qsTr("Yes, I agree to leave my details with my feedback")
                onClicked: ConsentViewModel.setConsent(true)
            }
            Label {
                width: parent.width
                visible: ConsentViewModel.consent && ConsentViewModel.personalAccepted && !ConsentViewModel.isVote
                text: qsTr("Your name and phone number are locked so that only the centre can read them. They are never printed on the receipt.")
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }
            Label {
                width: parent.width
                visible: ConsentViewModel.consent && ConsentViewModel.personalAccepted && !ConsentViewModel.isVote
                text: qsTr("Full name")
                color: Theme.text
                font.pixelSize: Theme.bodySize
            }
            KioskTextField {
                id: name
                objectName: "nameField"
                width: parent.width
                visible: ConsentViewModel.consent && ConsentViewModel.personalAccepted && !ConsentViewModel.isVote
                Component.onCompleted: text = ConsentViewModel.name
                onEdited: (text) => { if (ConsentViewModel.consent) ConsentViewModel.setName(text) }
                onActiveFocusChanged: if (activeFocus) scroll.focusField = name
            }
            Label {
                width: parent.width
                visible: ConsentViewModel.consent && ConsentViewModel.personalAccepted && !ConsentViewModel.isVote
                text: qsTr("Phone number")
                color: Theme.text
                font.pixelSize: Theme.bodySize
            }
            KioskTextField {
                id: phone
                objectName: "phoneField"
                width: parent.width
                visible: ConsentViewModel.consent && ConsentViewModel.personalAccepted && !ConsentViewModel.isVote
                inputMethodHints: Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                Component.onCompleted: text = ConsentViewModel.phone
                onEdited: (text) => { if (ConsentViewModel.consent) ConsentViewModel.setPhone(text) }
                onActiveFocusChanged: if (activeFocus) scroll.focusField = phone
            }
            Label {
                width: parent.width
                visible: ConsentViewModel.consent && ConsentViewModel.personalAccepted && ConsentViewModel.isVote
                text: qsTr("Citizen ID number (CCCD), to make your vote a verified vote. It is locked so that only the centre can read it, and never printed.")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            KioskTextField {
                id: idNumber
                objectName: "idNumberField"
                width: parent.width
                visible: ConsentViewModel.consent && ConsentViewModel.personalAccepted && ConsentViewModel.isVote
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                maximumLength: 12
                Component.onCompleted: text = ConsentViewModel.idNumber
                onEdited: (text) => { if (ConsentViewModel.consent) ConsentViewModel.setIdNumber(text) }
                onActiveFocusChanged: if (activeFocus) scroll.focusField = idNumber
            }
            Label {
                width: parent.width
                visible: ConsentViewModel.consent
                text: qsTr("Hamlet or village where you live")
                color: Theme.text
                font.pixelSize: Theme.bodySize
            }
            KioskTextField {
                id: village
                objectName: "villageField"
                width: parent.width
                visible: ConsentViewModel.consent
                Component.onCompleted: text = ConsentViewModel.village
                onEdited: (text) => { if (ConsentViewModel.consent) ConsentViewModel.setVillage(text) }
                onActiveFocusChanged: if (activeFocus) scroll.focusField = village
            }
            Label {
                width: parent.width
                visible: ConsentViewModel.errorMessage !== ""
                text: ConsentViewModel.errorMessage
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            Item { Layout.fillWidth: true }
            KioskButton {
                objectName: "consentContinue"
                primary: true
                text: qsTr("Continue ›")
                onClicked: page.continueRequested()
            }
        }
    }

    Connections {
        target: ConsentViewModel
        function onChanged() {
            if (!ConsentViewModel.consent) {
                name.text = ""
                phone.text = ""
                idNumber.text = ""
                village.text = ""
            }
        }
    }
}
