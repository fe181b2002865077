import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The first start of a kiosk: the commune (from the centre's enrolment file on a USB stick),
// the first administrator, the printer. Shown instead of the villagers' screens until done.
StaffPage {
    id: page
    objectName: "setupWizardScreen"
    title: qsTr("Setting up the kiosk")
    signal finished()

    function reset() {}

    Connections {
        target: SetupWizardViewModel
        function onFinished() { page.finished() }
    }

    Label {
        objectName: "setupStep"
        width: parent.width
        text: SetupWizardViewModel.step === "enrol" ? qsTr("Step 1 of 3: the commune")
              : SetupWizardViewModel.step === "admin" ? qsTr("Step 2 of 3: the first administrator")
              : qsTr("Step 3 of 3: the printer")
        color: Theme.text
        font.pixelSize: Theme.titleSize
        font.weight: Font.Bold
        wrapMode: Text.Wrap
    }
    StaffNotice {
        objectName: "setupMessage"
        width: parent.width
        good: false
        text: SetupWizardViewModel.message
    }

    // -- 1: the enrolment file ------------------------------------------------
    Column {
        width: parent.width
        visible: SetupWizardViewModel.step === "enrol"
        spacing: Theme.spacing
        Label {
            width: parent.width
            text: qsTr("The centre sends each kiosk an enrolment file (.enrol). It names the commune and holds the centre's keys. Plug in the USB stick that carries it, then choose the file.")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        StaffDriveChooser {
            width: parent.width
            browser: SetupWizardViewModel.browser
            fileAction: qsTr("Use this file")
            onFileChosen: (path) => SetupWizardViewModel.enrol(path)
        }
    }

    // -- 2: the first administrator -------------------------------------------
    Column {
        width: parent.width
        visible: SetupWizardViewModel.step === "admin"
        spacing: Theme.spacing
        StaffNotice {
            objectName: "setupCommune"
            width: parent.width
            good: true
            text: SetupWizardViewModel.communeName !== ""
                  ? qsTr("Enrolled for %1 as kiosk %2. Centre key: %3 (compare it with the one the centre gave you).").arg(SetupWizardViewModel.communeName).arg(SetupWizardViewModel.kioskId).arg(SetupWizardViewModel.rootKeyId)
                  : ""
        }
        Label {
            width: parent.width
            text: qsTr("The administrator exports feedback, imports packages, manages clerks and backups. Choose a PIN that nobody can guess, and keep it to yourself.")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        GridLayout {
            width: parent.width
            columns: 2
            rowSpacing: Theme.spacing / 2
            columnSpacing: Theme.spacing
            Label { text: qsTr("Full name"); color: Theme.text; font.pixelSize: Theme.bodySize }
            KioskTextField {
                id: adminName
                objectName: "setupAdminName"
                Layout.fillWidth: true
                maximumLength: 100
            }
            Label { text: qsTr("User name"); color: Theme.text; font.pixelSize: Theme.bodySize }
            KioskTextField {
                id: adminUser
                objectName: "setupAdminUser"
                Layout.fillWidth: true
                maximumLength: 32
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhPreferLowercase
                placeholderText: qsTr("letters and digits, e.g. nam.tv")
            }
            Label { text: qsTr("PIN (4 to 8 digits)"); color: Theme.text; font.pixelSize: Theme.bodySize }
            KioskTextField {
                id: adminPin
                objectName: "setupAdminPin"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
                maximumLength: 8
            }
            Label { text: qsTr("The PIN once more"); color: Theme.text; font.pixelSize: Theme.bodySize }
            KioskTextField {
                id: adminPinAgain
                objectName: "setupAdminPinAgain"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
                maximumLength: 8
            }
        }
        KioskButton {
            objectName: "setupCreateAdmin"
            primary: true
            enabled: adminName.text.trim() !== "" && adminUser.text.trim() !== "" && adminPin.text !== ""
            text: qsTr("Create the administrator")
            onClicked: {
                Qt.inputMethod.hide()
                SetupWizardViewModel.createAdmin(adminName.text, adminUser.text, adminPin.text, adminPinAgain.text)
                adminPin.text = ""
                adminPinAgain.text = ""
            }
        }
    }

    // -- 3: the printer --------------------------------------------------------
    Column {
        width: parent.width
        visible: SetupWizardViewModel.step === "printer"
        spacing: Theme.spacing
        Label {
            width: parent.width
            text: qsTr("Receipts and reports print on this printer. Without one, they are saved as PDF files in the kiosk's folder.")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        KioskButton {
            objectName: "setupPrinterPdf"
            width: parent.width
            selected: SetupWizardViewModel.printer === ""
            text: qsTr("No printer: save as PDF")
            onClicked: SetupWizardViewModel.choosePrinter("")
        }
        Repeater {
            model: SetupWizardViewModel.printers
            delegate: KioskButton {
                required property int index
                required property string modelData
                objectName: "setupPrinter_" + index
                width: parent.width
                selected: SetupWizardViewModel.printer === modelData
                text: modelData
                onClicked: SetupWizardViewModel.choosePrinter(modelData)
            }
        }
        Label {
            width: parent.width
            visible: SetupWizardViewModel.printers.length === 0
            text: qsTr("No printer is set up on this computer yet. One can be added later in the system's printer settings.")
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        KioskButton {
            objectName: "setupFinish"
            primary: true
            text: qsTr("Finish the setup")
            onClicked: SetupWizardViewModel.finish()
        }
    }
}
