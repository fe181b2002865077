import QtQuick
import QtCharts
import Kiosk

// The bars of a StaffChart: its number printed after each bar (``labelColor`` Theme.selectedText for one on it).
BarSet {
    color: Theme.selected
    borderColor: color
    borderWidth: 0
    labelColor: Theme.text
    labelFont: Qt.font({ family: Application.font.family, pixelSize: Theme.bodySize, weight: Font.Bold })
}
