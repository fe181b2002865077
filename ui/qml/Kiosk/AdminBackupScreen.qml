import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// A checked backup of the database onto a USB stick; a restore from one, asked twice,
// because a restore starts a new epoch and drops what was received after the backup.
StaffPage {
    id: page
    objectName: "adminBackupScreen"
    title: qsTr("Backup and restore")

    function reset() {}
    Component.onCompleted: {
        BackupViewModel.clear()
        BackupViewModel.cancelRestore()
    }

    StaffNotice {
        objectName: "backupMessage"
        width: parent.width
        good: BackupViewModel.outcome === "done"
        text: BackupViewModel.busy ? qsTr("Working… Do not remove the USB stick.") : BackupViewModel.message
    }
    StaffDriveChooser {
        id: chooser
        width: parent.width
        browser: BackupViewModel.browser
        busy: BackupViewModel.busy
        fileAction: qsTr("Restore")
        onFileChosen: (path) => BackupViewModel.askRestore(path)
    }
    KioskButton {
        objectName: "backupButton"
        primary: true
        enabled: !BackupViewModel.busy && chooser.currentDrive !== ""
        text: qsTr("Back up to this USB stick")
        onClicked: BackupViewModel.backupTo(chooser.currentDrive)
    }
    Label {
        width: parent.width
        text: qsTr("The backups on the stick are listed above; touch “Restore” beside one to put the kiosk back as it was then.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    Rectangle {
        objectName: "restoreConfirm"
        width: parent.width
        visible: BackupViewModel.confirmStep > 0
        height: confirm.implicitHeight + Theme.spacing * 2
        radius: Theme.radius
        color: Theme.surface
        border.width: 4
        border.color: Theme.danger
        ColumnLayout {
            id: confirm
            x: Theme.spacing
            y: Theme.spacing
            width: parent.width - Theme.spacing * 2
            spacing: Theme.spacing / 2
            Label {
                Layout.fillWidth: true
                text: BackupViewModel.confirmStep === 1
                      ? qsTr("Restore the kiosk from %1? Feedback received after this backup will no longer be on the kiosk; export it for the centre first.").arg(BackupViewModel.restoreName)
                      : qsTr("Are you sure? This cannot be undone. The kiosk starts a new epoch, and the centre is told.")
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
                wrapMode: Text.Wrap
            }
            RowLayout {
                spacing: Theme.spacing
                KioskButton {
                    objectName: "restoreCancel"
                    text: qsTr("Cancel")
                    onClicked: BackupViewModel.cancelRestore()
                }
                KioskButton {
                    objectName: "restoreYes"
                    primary: true
                    text: BackupViewModel.confirmStep === 1 ? qsTr("Yes, restore") : qsTr("Yes, I am sure: restore")
                    onClicked: BackupViewModel.confirmRestore()
                }
            }
        }
    }
}
