pragma Singleton
import QtQuick

// Colours and sizes in one place. Touch targets ≥ 48 px, body text ≥ 20 px
// (DESIGN.md quality bars); contrast is checked by a test from these values.
QtObject {
    property bool highContrast: false

    readonly property color background: highContrast ? "#000000" : "#f4f1ea"
    readonly property color surface: highContrast ? "#000000" : "#ffffff"
    readonly property color text: highContrast ? "#ffffff" : "#1d1b16"
    readonly property color mutedText: highContrast ? "#ffffff" : "#4a4538"
    readonly property color primary: highContrast ? "#ffd400" : "#a3161a"
    readonly property color primaryText: highContrast ? "#000000" : "#ffffff"
    readonly property color border: highContrast ? "#ffffff" : "#d8d2c4"

    readonly property int bodySize: 22
    readonly property int titleSize: 30
    readonly property int headingSize: 40
    readonly property int smallSize: 20
    readonly property int touchTarget: 64
    readonly property int spacing: 16
    readonly property int radius: 12
}
