import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// What the kiosk collected, as bar charts drawn with rectangles, each number printed on its bar:
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
    StaffColumnChart {
        width: parent.width
        visible: StatisticsViewModel.perDay.count > 0
        name: "statsDay"
        model: StatisticsViewModel.perDay
    }

    StaffSectionTitle { width: parent.width; text: qsTr("Per consultation") }
    StaffBarChart {
        width: parent.width
        name: "statsConsultation"
        model: StatisticsViewModel.perConsultation
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
            StaffBarChart {
                width: parent.width
                name: "statsChannel"
                labelWidth: width * 0.42
                model: StatisticsViewModel.perChannel
            }
        }
        Column {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing / 2
            StaffSectionTitle { width: parent.width; text: qsTr("By stance") }
            StaffBarChart {
                width: parent.width
                name: "statsStance"
                labelWidth: width * 0.42
                colours: ({ agree: Theme.done, disagree: Theme.danger, other: Theme.selected })
                model: StatisticsViewModel.perStance
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
    // The legend of the article bars: the three stances' colours.
    Row {
        visible: StatisticsViewModel.perArticle.count > 0
        spacing: Theme.spacing * 1.5
        Repeater {
            model: [
                { label: qsTr("Agree"), colour: Theme.done },
                { label: qsTr("Disagree"), colour: Theme.danger },
                { label: qsTr("Other opinion"), colour: Theme.selected }
            ]
            delegate: Row {
                required property var modelData
                spacing: 6
                Rectangle { width: 28; height: 28; radius: 4; color: modelData.colour; anchors.verticalCenter: parent.verticalCenter }
                Label { text: modelData.label; color: Theme.text; font.pixelSize: Theme.bodySize }
            }
        }
    }
    Repeater {
        model: StatisticsViewModel.perArticle
        delegate: Item {
            id: article
            required property int index
            required property string label
            required property int agree
            required property int disagree
            required property int other
            required property int total
            required property real fraction
            objectName: "statsArticle_" + index
            width: parent.width
            height: Math.max(44, articleLabel.implicitHeight + 8)
            readonly property real labelWidth: Math.min(360, width * 0.4)
            readonly property real room: width - labelWidth - Theme.spacing - totalLabel.implicitWidth - Theme.spacing
            Label {
                id: articleLabel
                width: article.labelWidth
                anchors.verticalCenter: parent.verticalCenter
                text: article.label
                color: Theme.text
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Row {
                id: segments
                x: article.labelWidth + Theme.spacing
                anchors.verticalCenter: parent.verticalCenter
                Repeater {
                    model: [
                        { key: "agree", value: article.agree, colour: Theme.done },
                        { key: "disagree", value: article.disagree, colour: Theme.danger },
                        { key: "other", value: article.other, colour: Theme.selected }
                    ]
                    delegate: Rectangle {
                        required property var modelData
                        width: article.total > 0 ? article.room * article.fraction * modelData.value / article.total : 0
                        height: 40
                        color: modelData.colour
                        Label {
                            objectName: "statsArticle_" + article.index + "_" + modelData.key
                            anchors.centerIn: parent
                            visible: modelData.value > 0 && implicitWidth + 8 <= parent.width
                            text: modelData.value
                            color: Theme.selectedText
                            font.pixelSize: Theme.bodySize
                            font.weight: Font.Bold
                        }
                    }
                }
            }
            Label {
                id: totalLabel
                x: segments.x + segments.width + 8
                anchors.verticalCenter: parent.verticalCenter
                text: article.total
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
            }
        }
    }
}
