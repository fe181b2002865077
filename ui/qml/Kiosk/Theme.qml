pragma Singleton
import QtQuick

// Colours and sizes in one place. Touch targets ≥ 48 px, body text ≥ 20 px
// (DESIGN.md quality bars); contrast is checked by a test from these values:
// at least 4.5:1 by default and 7:1 in high contrast, for every text colour
// on every background it is used on.
QtObject {
    property bool highContrast: false
    // Text larger/smaller: the reader's choice, forgotten when the visit ends.
    property int textStep: 0
    // Never below the default: body text stays at least 20 px.
    readonly property int maxTextStep: 3
    readonly property real textScale: 1 + textStep * 0.2

    readonly property color background: highContrast ? "#000000" : "#f4f1ea"
    readonly property color surface: highContrast ? "#000000" : "#ffffff"
    readonly property color text: highContrast ? "#ffffff" : "#1d1b16"
    readonly property color mutedText: highContrast ? "#ffffff" : "#4a4538"
    readonly property color primary: highContrast ? "#ffd400" : "#a3161a"
    readonly property color primaryText: highContrast ? "#000000" : "#ffffff"
    readonly property color border: highContrast ? "#ffffff" : "#8c8472"
    readonly property color pressed: highContrast ? "#333333" : "#e4ddcd"
    readonly property color selected: highContrast ? "#ffd400" : "#1f4e79"
    readonly property color selectedText: highContrast ? "#000000" : "#ffffff"
    readonly property color done: highContrast ? "#7dff9b" : "#1b5e20"
    readonly property color danger: highContrast ? "#ff9e9e" : "#9b1c1c"
    readonly property color header: highContrast ? "#000000" : "#a3161a"
    readonly property color headerText: highContrast ? "#ffd400" : "#ffffff"

    readonly property int smallSize: Math.round(20 * textScale)
    readonly property int bodySize: Math.round(22 * textScale)
    readonly property int readingSize: Math.round(26 * textScale)
    readonly property int titleSize: Math.round(30 * textScale)
    readonly property int headingSize: Math.round(36 * textScale)
    // Controls keep their size when the text grows: the screen must still fit.
    readonly property int controlSize: 22
    readonly property int touchTarget: 64
    readonly property int spacing: 16
    readonly property int radius: 12
    readonly property int headerHeight: 80
}
