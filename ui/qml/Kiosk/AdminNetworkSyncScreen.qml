import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// "Đồng bộ qua mạng": the centre's address, the last round and its result, "sync now" with progress.
// A round also runs by itself every few minutes when an address is set (never while someone types).
// Without a connection: a plain message, and the USB stick one tap away.
StaffPage {
    id: page
    objectName: "adminNetworkSyncScreen"
    title: qsTr("Sync over the network")

    function reset() {}
    Component.onCompleted: NetworkSyncViewModel.refresh()

    Component { id: usbPage; AdminExportScreen {} }

    Label {
        width: parent.width
        text: qsTr("The centre's address")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        font.weight: Font.DemiBold
    }
    RowLayout {
        width: parent.width
        spacing: Theme.spacing
        KioskTextField {
            id: address
            objectName: "networkCentreUrl"
            Layout.fillWidth: true
            text: NetworkSyncViewModel.centreUrl
            inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
            placeholderText: "https://trungtam.example.vn"
        }
        KioskButton {
            objectName: "networkSaveUrl"
            enabled: !NetworkSyncViewModel.busy && address.text !== NetworkSyncViewModel.centreUrl
            text: qsTr("Save")
            onClicked: NetworkSyncViewModel.setCentre(address.text)
        }
    }
    Label {
        objectName: "networkLastRound"
        width: parent.width
        text: NetworkSyncViewModel.lastRound === "" ? qsTr("No round yet.") : qsTr("Last round: %1").arg(NetworkSyncViewModel.lastRound)
        color: NetworkSyncViewModel.lastOk ? Theme.text : Theme.danger
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "networkPaused"
        width: parent.width
        visible: NetworkSyncViewModel.paused
        text: qsTr("Someone is typing: the automatic round waits until they finish.")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    KioskButton {
        objectName: "networkSyncNow"
        primary: true
        enabled: !NetworkSyncViewModel.busy && NetworkSyncViewModel.centreUrl !== ""
        text: qsTr("Sync now")
        onClicked: NetworkSyncViewModel.syncNow()
    }
    Column {
        objectName: "networkProgress"
        width: parent.width
        visible: NetworkSyncViewModel.busy
        spacing: 6
        Label {
            objectName: "networkStage"
            text: NetworkSyncViewModel.stage === "send" ? qsTr("Sending feedback to the centre…")
                : NetworkSyncViewModel.stage === "fetch" ? qsTr("Fetching the package from the centre…")
                : qsTr("Asking the centre…")
            color: Theme.text
            font.pixelSize: Theme.bodySize
            font.weight: Font.Bold
        }
        Rectangle {
            width: parent.width
            height: 40
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            Rectangle {
                objectName: "networkBar"
                x: 2
                y: 2
                height: parent.height - 4
                radius: Theme.radius - 2
                width: NetworkSyncViewModel.total > 0 ? (parent.width - 4) * Math.min(1, NetworkSyncViewModel.done / NetworkSyncViewModel.total) : 0
                color: Theme.done
            }
        }
    }
    StaffNotice {
        objectName: "networkMessage"
        width: parent.width
        good: NetworkSyncViewModel.outcome === "done" || NetworkSyncViewModel.outcome === "saved"
        text: NetworkSyncViewModel.message
    }
    KioskButton {
        objectName: "networkUseUsb"
        visible: NetworkSyncViewModel.offline || NetworkSyncViewModel.centreUrl === ""
        text: qsTr("Use a USB stick instead")
        onClicked: page.StackView.view.push(usbPage)
    }
}
