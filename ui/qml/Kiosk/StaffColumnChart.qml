import QtQuick
import QtQuick.Controls
import Kiosk

// A column chart drawn with rectangles (one column per day), its number above each column.
// The model's rows have label, value and fraction; it scrolls sideways when there are many columns.
Flickable {
    id: chart
    property alias model: columns.model
    property string name: "days"
    property int barHeight: 180
    implicitHeight: barHeight + 84
    contentWidth: Math.max(width, row.implicitWidth)
    contentHeight: height
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    flickableDirection: Flickable.HorizontalFlick

    Row {
        id: row
        spacing: 10
        height: chart.height
        Repeater {
            id: columns
            delegate: Item {
                id: column
                required property int index
                required property string label
                required property int value
                required property real fraction
                objectName: chart.name + "_" + index
                width: Math.max(72, dayLabel.implicitWidth + 8)
                height: row.height
                Label {
                    id: dayLabel
                    anchors.bottom: parent.bottom
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: column.label
                    color: Theme.text
                    font.pixelSize: Theme.smallSize
                }
                Rectangle {
                    id: bar
                    anchors.bottom: dayLabel.top
                    anchors.bottomMargin: 6
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: 48
                    height: column.value > 0 ? Math.max(4, chart.barHeight * column.fraction) : 0
                    radius: 4
                    color: Theme.selected
                }
                Label {
                    objectName: chart.name + "Value_" + column.index
                    anchors.bottom: bar.top
                    anchors.bottomMargin: 4
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: column.value
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.Bold
                }
            }
        }
    }
}
