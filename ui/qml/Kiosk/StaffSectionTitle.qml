import QtQuick
import QtQuick.Controls
import Kiosk

// The title of a part of a staff screen.
Label {
    color: Theme.text
    font.pixelSize: Theme.titleSize
    font.weight: Font.Bold
    wrapMode: Text.Wrap
}
