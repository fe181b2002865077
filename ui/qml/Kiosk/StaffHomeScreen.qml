import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The staff's start: the clerk's work for everyone signed in, the administrator's below it.
// Leaving this screen (back, start, sign out, or the idle timer) signs out.
StaffPage {
    id: page
    objectName: "staffHomeScreen"
    title: StaffViewModel.isAdmin ? qsTr("Administrator") : qsTr("Clerk")
    property bool confirmExit: false

    function reset() {}
    function open(component) {
        page.confirmExit = false
        page.StackView.view.push(component)
    }

    StackView.onRemoved: {
        if (StaffViewModel.signedIn) {
            StaffViewModel.signOut()
            Qt.callLater(KioskViewModel.endVisit)
        }
    }
    Component.onCompleted: StaffViewModel.refreshAlerts()

    Component { id: assistedPage; ClerkEntryScreen { mode: "assisted" } }
    Component { id: paperPage; ClerkEntryScreen { mode: "paper" } }
    Component { id: importPage; ClerkImportScreen {} }
    Component { id: reprintPage; ClerkReprintScreen {} }
    Component { id: documentsPage; ClerkDocumentsScreen {} }
    Component { id: packagePage; AdminPackageScreen {} }
    Component { id: exportPage; AdminExportScreen {} }
    Component { id: networkSyncPage; AdminNetworkSyncScreen {} }
    Component { id: statisticsPage; AdminStatisticsScreen {} }
    Component { id: accountsPage; AdminAccountsScreen {} }
    Component { id: backupPage; AdminBackupScreen {} }
    Component { id: auditPage; AdminAuditScreen {} }

    RowLayout {
        width: parent.width
        spacing: Theme.spacing
        Label {
            objectName: "staffWelcome"
            Layout.fillWidth: true
            text: qsTr("Signed in as %1 (%2).").arg(StaffViewModel.displayName).arg(StaffViewModel.userName)
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        KioskButton {
            objectName: "staffSignOut"
            text: qsTr("Sign out")
            onClicked: {
                StaffViewModel.signOut()
                KioskViewModel.endVisit()
            }
        }
    }
    StaffNotice {
        objectName: "clockWarning"
        width: parent.width
        good: false
        text: StaffViewModel.isAdmin ? StaffViewModel.clockWarning : ""
    }
    StaffNotice {
        id: alert
        objectName: "adminAlert"
        width: parent.width
        good: false
        text: StaffViewModel.isAdmin ? StaffViewModel.adminAlert : ""
        implicitHeight: Math.max(label.implicitHeight, dismiss.implicitHeight) + Theme.spacing * 2
        label.rightPadding: dismiss.width + Theme.spacing
        KioskButton {
            id: dismiss
            objectName: "adminAlertDismiss"
            anchors.right: parent.right
            anchors.rightMargin: Theme.spacing
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("Noted")
            onClicked: StaffViewModel.dismissAdminAlert()
        }
    }

    StaffSectionTitle {
        width: parent.width
        text: qsTr("Feedback and printing")
    }
    GridLayout {
        width: parent.width
        columns: page.width < 900 ? 2 : 3
        rowSpacing: Theme.spacing / 2
        columnSpacing: Theme.spacing / 2
        Repeater {
            model: [
                { name: "staffAssisted", text: qsTr("Enter feedback with a resident"), page: assistedPage },
                { name: "staffPaper", text: qsTr("Enter a paper form"), page: paperPage },
                { name: "staffImportSheet", text: qsTr("Import paper forms from a spreadsheet"), page: importPage },
                { name: "staffReprint", text: qsTr("Reprint a receipt"), page: reprintPage },
                { name: "staffDocuments", text: qsTr("Day's report and blank forms"), page: documentsPage }
            ]
            delegate: KioskButton {
                required property var modelData
                objectName: modelData.name
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.preferredHeight: Math.max(96, implicitHeight)  // a long label makes the tile taller
                text: modelData.text
                onClicked: page.open(modelData.page)
            }
        }
    }

    StaffSectionTitle {
        width: parent.width
        visible: StaffViewModel.isAdmin
        text: qsTr("Administration")
    }
    GridLayout {
        width: parent.width
        visible: StaffViewModel.isAdmin
        columns: page.width < 900 ? 2 : 3
        rowSpacing: Theme.spacing / 2
        columnSpacing: Theme.spacing / 2
        Repeater {
            model: [
                { name: "adminImportPackage", text: qsTr("Import a package from the centre"), page: packagePage },
                { name: "adminExport", text: qsTr("Export feedback for the centre"), page: exportPage },
                { name: "adminNetworkSync", text: qsTr("Sync over the network"), page: networkSyncPage },
                { name: "adminStatistics", text: qsTr("Statistics"), page: statisticsPage },
                { name: "adminAccounts", text: qsTr("Clerks and administrators"), page: accountsPage },
                { name: "adminBackup", text: qsTr("Backup and restore"), page: backupPage },
                { name: "adminAudit", text: qsTr("Audit log"), page: auditPage }
            ]
            delegate: KioskButton {
                required property var modelData
                objectName: modelData.name
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.preferredHeight: Math.max(96, implicitHeight)  // a long label makes the tile taller
                text: modelData.text
                onClicked: page.open(modelData.page)
            }
        }
    }
    RowLayout {
        width: parent.width
        visible: StaffViewModel.isAdmin
        spacing: Theme.spacing
        KioskButton {
            objectName: "adminLeaveKiosk"
            visible: !page.confirmExit
            text: qsTr("Leave kiosk mode")
            onClicked: page.confirmExit = true
        }
        Label {
            Layout.fillWidth: true
            visible: page.confirmExit
            text: qsTr("Close the kiosk program? Residents cannot use the kiosk until it is started again.")
            color: Theme.danger
            font.pixelSize: Theme.bodySize
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
        }
        KioskButton {
            objectName: "adminLeaveKioskCancel"
            visible: page.confirmExit
            text: qsTr("Cancel")
            onClicked: page.confirmExit = false
        }
        KioskButton {
            objectName: "adminLeaveKioskConfirm"
            visible: page.confirmExit
            primary: true
            text: qsTr("Close the kiosk")
            onClicked: StaffViewModel.leaveKioskMode()
        }
    }
}
