import QtQuick
import QtQuick.Controls
import Kiosk

// A message in a box: green-edged when something was done, red-edged when it was refused or failed.
Rectangle {
    id: box
    property string text: ""
    property bool good: true
    property alias label: label
    visible: text !== ""
    implicitHeight: label.implicitHeight + Theme.spacing * 2
    radius: Theme.radius
    color: Theme.surface
    border.width: 4
    border.color: good ? Theme.done : Theme.danger
    Label {
        id: label
        x: Theme.spacing
        y: Theme.spacing
        width: box.width - Theme.spacing * 2
        text: box.text
        color: Theme.text
        font.pixelSize: Theme.bodySize
        font.weight: Font.DemiBold
        wrapMode: Text.Wrap
    }
}
