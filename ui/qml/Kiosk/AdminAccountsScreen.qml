import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Clerks and administrators: the list, a new PIN for one, removing one, adding one.
StaffPage {
    id: page
    objectName: "adminAccountsScreen"
    title: qsTr("Clerks and administrators")
    property string pinFor: ""
    property string removing: ""
    property string role: "clerk"

    function reset() {}
    function roleText(role) {
        return role === "admin" ? qsTr("Administrator") : qsTr("Clerk")
    }
    Component.onCompleted: {
        AccountsViewModel.clear()
        AccountsViewModel.refresh()
    }

    StaffNotice {
        objectName: "accountsMessage"
        width: parent.width
        good: AccountsViewModel.outcome === "done"
        text: AccountsViewModel.message
    }
    Repeater {
        model: AccountsViewModel.accounts
        delegate: Rectangle {
            id: row
            required property int index
            required property string username
            required property string displayName
            required property string role
            required property bool isSelf
            objectName: "account_" + username
            width: parent.width
            height: rowColumn.implicitHeight + Theme.spacing * 2
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            ColumnLayout {
                id: rowColumn
                x: Theme.spacing
                y: Theme.spacing
                width: row.width - Theme.spacing * 2
                spacing: Theme.spacing / 2
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    Label {
                        Layout.fillWidth: true
                        text: [row.displayName, row.username, page.roleText(row.role)].join(" · ")
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.DemiBold
                        wrapMode: Text.Wrap
                    }
                    KioskButton {
                        objectName: "accountPin_" + row.username
                        text: qsTr("New PIN")
                        onClicked: {
                            page.removing = ""
                            page.pinFor = page.pinFor === row.username ? "" : row.username
                        }
                    }
                    KioskButton {
                        objectName: "accountRemove_" + row.username
                        visible: !row.isSelf && page.removing !== row.username
                        text: qsTr("Remove")
                        onClicked: {
                            page.pinFor = ""
                            page.removing = row.username
                        }
                    }
                    KioskButton {
                        objectName: "accountRemoveConfirm_" + row.username
                        visible: page.removing === row.username
                        primary: true
                        text: qsTr("Yes, remove")
                        onClicked: {
                            // The row goes with the account: everything it needs is read before.
                            var username = row.username
                            page.removing = ""
                            AccountsViewModel.remove(username)
                        }
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    visible: page.pinFor === row.username
                    spacing: Theme.spacing / 2
                    KioskTextField {
                        id: newPin
                        objectName: "accountNewPin_" + row.username
                        Layout.fillWidth: true
                        echoMode: TextInput.Password
                        inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
                        maximumLength: 8
                        placeholderText: qsTr("New PIN")
                    }
                    KioskTextField {
                        id: newPinAgain
                        objectName: "accountNewPinAgain_" + row.username
                        Layout.fillWidth: true
                        echoMode: TextInput.Password
                        inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
                        maximumLength: 8
                        placeholderText: qsTr("Once more")
                    }
                    KioskButton {
                        objectName: "accountPinSave_" + row.username
                        primary: true
                        text: qsTr("Save")
                        onClicked: {
                            Qt.inputMethod.hide()
                            if (AccountsViewModel.changePin(row.username, newPin.text, newPinAgain.text))
                                page.pinFor = ""
                            newPin.text = ""
                            newPinAgain.text = ""
                        }
                    }
                }
            }
        }
    }

    StaffSectionTitle {
        width: parent.width
        text: qsTr("Add an account")
    }
    GridLayout {
        width: parent.width
        columns: 2
        rowSpacing: Theme.spacing / 2
        columnSpacing: Theme.spacing
        Label { text: qsTr("Full name"); color: Theme.text; font.pixelSize: Theme.bodySize }
        KioskTextField {
            id: nameField
            objectName: "accountName"
            Layout.fillWidth: true
            maximumLength: 100
        }
        Label { text: qsTr("User name"); color: Theme.text; font.pixelSize: Theme.bodySize }
        KioskTextField {
            id: userField
            objectName: "accountUser"
            Layout.fillWidth: true
            maximumLength: 32
            inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhPreferLowercase
            placeholderText: qsTr("letters and digits, e.g. nam.tv")
        }
        Label { text: qsTr("Role"); color: Theme.text; font.pixelSize: Theme.bodySize }
        RowLayout {
            spacing: Theme.spacing / 2
            KioskButton {
                objectName: "accountRoleClerk"
                selected: page.role === "clerk"
                text: qsTr("Clerk")
                onClicked: page.role = "clerk"
            }
            KioskButton {
                objectName: "accountRoleAdmin"
                selected: page.role === "admin"
                text: qsTr("Administrator")
                onClicked: page.role = "admin"
            }
        }
        Label { text: qsTr("PIN (4 to 8 digits)"); color: Theme.text; font.pixelSize: Theme.bodySize }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing / 2
            KioskTextField {
                id: pinField
                objectName: "accountPin"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
                maximumLength: 8
                placeholderText: qsTr("PIN")
            }
            KioskTextField {
                id: pinAgainField
                objectName: "accountPinAgain"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
                maximumLength: 8
                placeholderText: qsTr("Once more")
            }
        }
    }
    KioskButton {
        objectName: "accountAdd"
        primary: true
        enabled: nameField.text.trim() !== "" && userField.text.trim() !== "" && pinField.text !== ""
        text: qsTr("Add the account")
        onClicked: {
            Qt.inputMethod.hide()
            if (AccountsViewModel.add(nameField.text, userField.text, page.role, pinField.text, pinAgainField.text)) {
                nameField.text = ""
                userField.text = ""
            }
            pinField.text = ""
            pinAgainField.text = ""
        }
    }
}
