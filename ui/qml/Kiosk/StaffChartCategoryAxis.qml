import QtQuick
import QtCharts
import Kiosk

// The category axis of a StaffChart: one name per bar (``categories: chart.categories``).
BarCategoryAxis {
    labelsFont: Qt.font({ family: Application.font.family, pixelSize: Theme.smallSize })
    labelsColor: Theme.text
    color: Theme.border
    gridVisible: false
}
