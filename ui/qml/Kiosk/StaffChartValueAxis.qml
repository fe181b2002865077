import QtQuick
import QtCharts
import Kiosk

// The value axis of a StaffChart: whole numbers from 0 to the model's top, a tick every step.
ValueAxis {
    property var model: null
    min: 0
    max: model ? model.top : 1
    tickType: ValueAxis.TicksDynamic
    tickAnchor: 0
    tickInterval: model ? model.step : 1
    labelFormat: "%d"
    minorTickCount: 0
    labelsFont: Qt.font({ family: Application.font.family, pixelSize: Theme.smallSize })
    labelsColor: Theme.text
    color: Theme.border
    gridLineColor: Theme.pressed
}
