import QtQuick
import QtCharts
import Kiosk

// A bar chart drawn by QtCharts in the kiosk's colours and type sizes; the screen gives its series.
// ``model`` is one of StatisticsViewModel's chart models. The chart has an item per bar, named
// ``name_index`` and read out by assistive technology ("Tại máy: 9"): the textual equivalent of what
// QtCharts paints (its numbers and names are pictures, not text items).
ChartView {
    id: chart
    property var model: null
    property string name: "chart"
    // Bars lying down, one row per category, the first on top; otherwise columns, the first on the left.
    property bool horizontal: true
    // What row ``index`` reads out.
    property var rowText: index => qsTr("%1: %2").arg(model.labels[index]).arg(model.values[index])
    // The category axis's names, in QtCharts' order (it draws a horizontal chart's first row at the bottom).
    readonly property var categories: inOrder((model ? model.labels : []).map(label => wrapped(String(label))))
    readonly property int lineCount: categories.some(name => name.indexOf("<br>") >= 0) ? 2 : 1
    // A horizontal chart's row: QtCharts elides a name taller than the chart's height over one more
    // than the rows, less its padding, so a row grows with the lines of its name.
    readonly property real rowHeight: {
        const rows = Math.max(1, model ? model.count : 1)
        return Math.max(Theme.smallSize * 3, (lineCount * metrics.height + 18) * (rows + 1) / rows)
    }
    // The part of a row a bar takes: about two lines of small text thick.
    readonly property real barShare: Math.min(0.7, Theme.smallSize * 2 / rowHeight)
    readonly property real axisHeight: Theme.smallSize * 2 + Theme.spacing * 2
    readonly property real legendHeight: legend.visible ? Theme.bodySize * 2 : 0

    // A horizontal chart's numbers in QtCharts' order, as its categories.
    function inOrder(list) {
        return horizontal ? list.slice().reverse() : list
    }
    // QtCharts reads category names as rich text, and elides them when its axis would take more than
    // two fifths of the chart: a name is escaped, and wrapped on at most two lines.
    function wrapped(text) {
        if (metrics.height <= 0)  // read here, so the names are wrapped again when the text grows
            return escaped(text)
        const room = chart.width * 0.3
        const lines = [""]
        for (const word of text.split(" ")) {
            const line = lines[lines.length - 1]
            const longer = line === "" ? word : line + " " + word
            if (line !== "" && lines.length < 2 && metrics.advanceWidth(longer) > room)
                lines.push(word)
            else
                lines[lines.length - 1] = longer
        }
        return lines.map(line => escaped(metrics.elidedText(line, Qt.ElideRight, room))).join("<br>")
    }
    function escaped(text) {
        return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    }

    objectName: name
    implicitHeight: (model ? model.count : 0) * rowHeight + axisHeight + legendHeight
    antialiasing: true
    animationOptions: ChartView.NoAnimation
    // The card is drawn below (QtCharts' own rounded background has a grey rim at its corners).
    backgroundColor: "transparent"
    backgroundRoundness: 0
    dropShadowEnabled: false
    margins { left: Theme.spacing / 2; right: Theme.spacing; top: Theme.spacing / 2; bottom: Theme.spacing / 2 }
    legend.visible: false
    legend.alignment: Qt.AlignTop
    legend.font: Qt.font({ family: Application.font.family, pixelSize: Theme.bodySize })
    legend.labelColor: Theme.text
    Accessible.role: Accessible.Chart

    Rectangle {
        z: -1
        anchors.fill: parent
        radius: Theme.radius
        color: Theme.surface
    }
    FontMetrics {
        id: metrics
        font: Qt.font({ family: Application.font.family, pixelSize: Theme.smallSize })
    }
    Repeater {
        model: chart.model
        delegate: Item {
            required property int index
            objectName: chart.name + "_" + index
            Accessible.role: Accessible.StaticText
            Accessible.name: chart.rowText(index)
        }
    }
}
