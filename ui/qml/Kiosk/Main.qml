import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import Kiosk

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1280
    height: 800
    title: qsTr("Gópý Kiosk")
    color: Theme.background

    // The kiosk cannot be closed by Alt+F4 or the window manager; leaving
    // kiosk mode is an administrator's action.
    property bool allowClose: false
    onClosing: (close) => close.accepted = allowClose

    StackView {
        id: stack
        objectName: "stack"
        anchors.fill: parent
        anchors.bottomMargin: inputPanel.active ? inputPanel.height : 0
        initialItem: HomeScreen {}
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: 99
        anchors.left: parent.left
        anchors.right: parent.right
        y: active ? parent.height - height : parent.height
    }
}
