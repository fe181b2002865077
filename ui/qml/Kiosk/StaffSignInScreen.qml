import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Staff sign-in: the user name with the keyboard, the PIN on a large pad. After wrong PINs the
// wait is shown as a countdown, and the sign-in button waits with it.
Page {
    id: page
    objectName: "staffSignInScreen"
    title: qsTr("Staff sign-in")
    background: Rectangle { color: Theme.background }

    function reset() {}

    function submit() {
        Qt.inputMethod.hide()
        if (StaffViewModel.signIn(userField.text, pinPad.pin)) {
            pinPad.pin = ""
            userField.text = ""
            // Pushed, not replacing this page: the staff screen is made in this page's context.
            page.StackView.view.push(staffHome)
        } else {
            pinPad.pin = ""
        }
    }

    Component {
        id: staffHome
        StaffHomeScreen {}
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentWidth: width
        contentHeight: Math.max(height, layout.implicitHeight + Theme.spacing * 3)
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        RowLayout {
            id: layout
            x: Theme.spacing * 2
            y: Theme.spacing * 1.5
            width: flick.width - Theme.spacing * 4
            spacing: Theme.spacing * 3

            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    text: qsTr("For the commune's clerks and administrators.")
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("User name")
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.DemiBold
                }
                KioskTextField {
                    id: userField
                    objectName: "staffUserField"
                    Layout.fillWidth: true
                    maximumLength: 32
                    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhPreferLowercase
                    onEdited: StaffViewModel.userNameEdited()
                    Keys.onReturnPressed: Qt.inputMethod.hide()
                }
                StaffNotice {
                    objectName: "staffSignInMessage"
                    Layout.fillWidth: true
                    good: false
                    text: StaffViewModel.message
                }
                Label {
                    objectName: "staffWaitLabel"
                    Layout.fillWidth: true
                    visible: StaffViewModel.waitSeconds > 0
                    text: qsTr("You can try again in %1.").arg(StaffViewModel.waitText)
                    color: Theme.danger
                    font.pixelSize: Theme.titleSize
                    font.weight: Font.Bold
                    wrapMode: Text.Wrap
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("After three wrong PINs each try waits longer; after eight the account is locked for an hour.")
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.Wrap
                }
            }

            ColumnLayout {
                Layout.preferredWidth: 420
                Layout.minimumWidth: 360  // the pad's keys keep room for "Clear" on a narrow screen
                Layout.alignment: Qt.AlignTop
                spacing: Theme.spacing
                StaffPinPad {
                    id: pinPad
                    Layout.fillWidth: true
                    enabled: StaffViewModel.waitSeconds === 0
                    onPressed: {
                        userField.focus = false
                        Qt.inputMethod.hide()
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing / 2
                    KioskButton {
                        objectName: "staffSignInCancel"
                        Layout.fillWidth: true
                        text: qsTr("Cancel")
                        onClicked: page.StackView.view.pop()
                    }
                    KioskButton {
                        objectName: "staffSignInButton"
                        Layout.fillWidth: true
                        primary: true
                        enabled: StaffViewModel.waitSeconds === 0 && userField.text.trim() !== "" && pinPad.pin.length >= 4
                        text: qsTr("Sign in")
                        onClicked: page.submit()
                    }
                }
            }
        }
    }
}
