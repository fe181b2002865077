import QtQuick
import QtQuick.VirtualKeyboard.Components

KeyboardLayoutLoader {
    source: "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Layouts/fallback/symbols.qml"
}
