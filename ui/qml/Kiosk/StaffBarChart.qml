import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// A horizontal bar chart drawn with rectangles: one row per entry, its number printed on the bar.
// The model's rows have key, label, value and fraction (of the longest bar); ``name`` prefixes objectNames.
Column {
    id: chart
    property alias model: rows.model
    property string name: "chart"
    property color barColor: Theme.selected
    property color barText: Theme.selectedText
    // A colour per row key ({"agree": …}), for charts whose rows have their own colour.
    property var colours: ({})
    property real labelWidth: Math.min(360, width * 0.4)
    spacing: 6

    Repeater {
        id: rows
        delegate: Item {
            id: row
            required property int index
            required property string key
            required property string label
            required property int value
            required property real fraction
            objectName: chart.name + "_" + index
            width: chart.width
            height: Math.max(44, rowLabel.implicitHeight + 8)
            Label {
                id: rowLabel
                width: chart.labelWidth
                anchors.verticalCenter: parent.verticalCenter
                text: row.label
                color: Theme.text
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Rectangle {
                id: bar
                x: chart.labelWidth + Theme.spacing
                anchors.verticalCenter: parent.verticalCenter
                height: 40
                readonly property real room: row.width - x - valueOutside.implicitWidth - Theme.spacing
                width: row.value > 0 ? Math.max(6, room * row.fraction) : 0
                radius: 4
                color: chart.colours[row.key] !== undefined ? chart.colours[row.key] : chart.barColor
            }
            // The number sits on the bar when it fits, just after it otherwise.
            Label {
                id: valueInside
                objectName: chart.name + "Value_" + row.index
                readonly property bool fits: implicitWidth + 16 <= bar.width
                visible: fits
                x: bar.x + bar.width - implicitWidth - 8
                anchors.verticalCenter: parent.verticalCenter
                text: row.value
                color: chart.barText
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
            }
            Label {
                id: valueOutside
                objectName: chart.name + "Outside_" + row.index
                visible: !valueInside.fits
                x: bar.x + bar.width + 8
                anchors.verticalCenter: parent.verticalCenter
                text: row.value
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
            }
        }
    }
}
