import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Kiosk
import Kiosk.ViewModels

// What the kiosk collected, as bar charts drawn by QtCharts, each number printed after its bar:
// per day, per consultation, by channel, by stance, and per article of one consultation.
StaffPage {
    id: page
    objectName: "adminStatisticsScreen"
    title: qsTr("Statistics")

    function reset() {}
    Component.onCompleted: StatisticsViewModel.refresh()

    Flow {
        width: parent.width
        spacing: Theme.spacing / 2
        Repeater {
            model: StatisticsViewModel.choices
            delegate: KioskButton {
                required property int index
                required property string code
                required property string title
                objectName: "statsChoice_" + index
                width: Math.min(implicitWidth, page.width - Theme.spacing * 4)
                selected: code === StatisticsViewModel.consultationCode
                text: title
                onClicked: StatisticsViewModel.choose(code)
            }
        }
    }
    Label {
        objectName: "statsTotal"
        width: parent.width
        text: qsTr("Feedback received: %1").arg(StatisticsViewModel.total)
        color: Theme.text
        font.pixelSize: Theme.headingSize
        font.weight: Font.Bold
        wrapMode: Text.Wrap
    }

    StaffSectionTitle { width: parent.width; text: qsTr("Per day") }
    Label {
        width: parent.width
        visible: StatisticsViewModel.perDay.count === 0
        text: qsTr("No feedback yet.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
    }
    // A column per day; sideways when a month of days is wider than the screen.
    Flickable {
        id: dayScroll
        width: parent.width
        height: dayChart.height
        visible: StatisticsViewModel.perDay.count > 0
        contentWidth: dayChart.width
        contentHeight: height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        flickableDirection: Flickable.HorizontalFlick
        StaffChart {
            id: dayChart
            width: Math.max(dayScroll.width, (model.count + 1) * Theme.smallSize * 4)
            height: Theme.smallSize * 16
            horizontal: false
            name: "statsDay"
            model: StatisticsViewModel.perDay
            Accessible.name: qsTr("Per day")
            BarSeries {
                labelsVisible: true
                labelsPosition: AbstractBarSeries.LabelsOutsideEnd
                barWidth: Math.min(0.6, Theme.smallSize * 3 * Math.max(1, dayChart.model.count) / dayChart.plotArea.width)
                axisX: StaffChartCategoryAxis { categories: dayChart.categories }
                axisY: StaffChartValueAxis { model: dayChart.model }
                StaffChartBarSet { objectName: "statsDayBars"; values: dayChart.model.values }
            }
        }
    }

    StaffSectionTitle { width: parent.width; text: qsTr("Per consultation") }
    StaffChart {
        id: consultationChart
        width: parent.width
        visible: model.count > 0
        name: "statsConsultation"
        model: StatisticsViewModel.perConsultation
        Accessible.name: qsTr("Per consultation")
        HorizontalBarSeries {
            labelsVisible: true
            labelsPosition: AbstractBarSeries.LabelsOutsideEnd
            barWidth: consultationChart.barShare
            axisY: StaffChartCategoryAxis { categories: consultationChart.categories }
            axisX: StaffChartValueAxis { model: consultationChart.model }
            StaffChartBarSet { objectName: "statsConsultationBars"; values: consultationChart.inOrder(consultationChart.model.values) }
        }
    }

    RowLayout {
        width: parent.width
        spacing: Theme.spacing * 2
        Column {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing / 2
            StaffSectionTitle { width: parent.width; text: qsTr("By channel") }
            StaffChart {
                id: channelChart
                width: parent.width
                name: "statsChannel"
                model: StatisticsViewModel.perChannel
                Accessible.name: qsTr("By channel")
                HorizontalBarSeries {
                    labelsVisible: true
                    labelsPosition: AbstractBarSeries.LabelsOutsideEnd
                    barWidth: channelChart.barShare
                    axisY: StaffChartCategoryAxis { categories: channelChart.categories }
                    axisX: StaffChartValueAxis { model: channelChart.model }
                    StaffChartBarSet { objectName: "statsChannelBars"; values: channelChart.inOrder(channelChart.model.values) }
                }
            }
        }
        Column {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing / 2
            StaffSectionTitle { width: parent.width; text: qsTr("By stance") }
            // A bar set per stance with its one bar: each stance in its own colour.
            StaffChart {
                id: stanceChart
                function only(key) {
                    return inOrder(model.values.map((value, i) => model.keys[i] === key ? value : 0))
                }
                width: parent.width
                name: "statsStance"
                model: StatisticsViewModel.perStance
                Accessible.name: qsTr("By stance")
                HorizontalStackedBarSeries {
                    labelsVisible: true
                    labelsPosition: AbstractBarSeries.LabelsOutsideEnd
                    barWidth: stanceChart.barShare
                    axisY: StaffChartCategoryAxis { categories: stanceChart.categories }
                    axisX: StaffChartValueAxis { model: stanceChart.model }
                    StaffChartBarSet { objectName: "statsStanceBars_agree"; label: qsTr("Agree"); color: Theme.done; values: stanceChart.only("agree") }
                    StaffChartBarSet { objectName: "statsStanceBars_disagree"; label: qsTr("Disagree"); color: Theme.danger; values: stanceChart.only("disagree") }
                    StaffChartBarSet { objectName: "statsStanceBars_other"; label: qsTr("Other opinion"); color: Theme.selected; values: stanceChart.only("other") }
                }
            }
        }
    }

    StaffSectionTitle { width: parent.width; text: qsTr("Per article, most commented first") }
    Label {
        width: parent.width
        visible: StatisticsViewModel.consultationCode === ""
        text: qsTr("Choose a consultation above to see its articles.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    // A bar per article in three parts, its agreeing, disagreeing and other opinions, the legend above.
    StaffChart {
        id: articleChart
        width: parent.width
        visible: model.count > 0
        name: "statsArticle"
        model: StatisticsViewModel.perArticle
        rowText: index => qsTr("%1: agree %2, disagree %3, other opinion %4")
                          .arg(model.labels[index]).arg(model.agree[index]).arg(model.disagree[index]).arg(model.other[index])
        legend.visible: true
        Accessible.name: qsTr("Per article, most commented first")
        HorizontalStackedBarSeries {
            labelsVisible: true
            labelsPosition: AbstractBarSeries.LabelsCenter
            barWidth: articleChart.barShare
            axisY: StaffChartCategoryAxis { categories: articleChart.categories }
            axisX: StaffChartValueAxis { model: articleChart.model }
            StaffChartBarSet {
                objectName: "statsArticleBars_agree"
                label: qsTr("Agree")
                color: Theme.done
                labelColor: Theme.selectedText
                values: articleChart.inOrder(articleChart.model.agree)
            }
            StaffChartBarSet {
                objectName: "statsArticleBars_disagree"
                label: qsTr("Disagree")
                color: Theme.danger
                labelColor: Theme.selectedText
                values: articleChart.inOrder(articleChart.model.disagree)
            }
            StaffChartBarSet {
                objectName: "statsArticleBars_other"
                label: qsTr("Other opinion")
                color: Theme.selected
                labelColor: Theme.selectedText
                values: articleChart.inOrder(articleChart.model.other)
            }
        }
    }
}
