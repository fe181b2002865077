import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// A large button for a finger: 64 px high at least, the label wraps between words rather than clips.
// "primary" is the screen's main action; "selected" marks the chosen one of several.
Button {
    id: control
    property bool primary: false
    property bool selected: false
    property int fontSize: Theme.controlSize
    // Off for keys whose label must stay on one line (it shrinks to fit instead).
    property bool wrap: true
    // The width its label needs on one line; layouts round sizes down to whole pixels,
    // so a button capped at exactly its implicit width would wrap its label for nothing.
    readonly property real fitWidth: Math.ceil(implicitWidth) + 2

    // Never narrower than the label's widest word: a layout squeezes the button, it never cuts a word.
    Layout.minimumWidth: Math.max(Theme.touchTarget, Math.ceil(widestWord.contentWidth) + leftPadding + rightPadding + 2)
    Text {
        id: widestWord
        visible: false
        width: 1  // every word on a line of its own: contentWidth is the widest word's
        wrapMode: control.wrap ? Text.WordWrap : Text.NoWrap
        text: control.text
        font: control.font
    }

    implicitHeight: Math.max(Theme.touchTarget, implicitContentHeight + topPadding + bottomPadding)
    implicitWidth: Math.max(Theme.touchTarget, implicitContentWidth + leftPadding + rightPadding)
    leftPadding: Theme.spacing * 1.5
    rightPadding: Theme.spacing * 1.5
    topPadding: 10
    bottomPadding: 10
    font.pixelSize: fontSize
    font.weight: primary || selected ? Font.DemiBold : Font.Medium

    readonly property color fill: !enabled ? Theme.background
                                  : selected ? Theme.selected
                                  : primary ? Theme.primary
                                  : down ? Theme.pressed : Theme.surface
    readonly property color ink: !enabled ? Theme.mutedText
                                 : selected ? Theme.selectedText
                                 : primary ? Theme.primaryText : Theme.text

    background: Rectangle {
        radius: Theme.radius
        color: control.fill
        opacity: control.down && (control.primary || control.selected) ? 0.8 : 1
        border.width: (control.primary || control.selected) && control.enabled ? 0 : 2
        border.color: control.enabled ? Theme.border : Theme.pressed
    }
    contentItem: Label {
        text: control.text
        font: control.font
        color: control.ink
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: control.wrap ? Text.WordWrap : Text.NoWrap  // never "Hoà / n tất"
        fontSizeMode: control.wrap ? Text.FixedSize : Text.HorizontalFit
        minimumPixelSize: 20
        lineHeight: 1.1
    }
}
