import QtQuick
import QtQuick.VirtualKeyboard.Components
import Kiosk

// Qt's own Vietnamese layout (long press still offers every marked letter),
// with Telex as its input method.
KeyboardLayoutLoader {
    source: "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Layouts/vi_VN/main.qml"
    function createInputMethod() {
        return telex.createObject()
    }
    Component {
        id: telex
        TelexInputMethod {}
    }
}
